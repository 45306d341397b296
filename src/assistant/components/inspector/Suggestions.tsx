/**
 * The block's "Suggested questions": one field per question.
 */
import { Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { TextInput } from '../../../components/controls';
import { cleanSuggestions } from '../attributes';

interface SuggestionsProps {
	value: string[];
	limit: number;
	maxLength: number;
	onChange: (suggestions: string[]) => void;
}

/**
 * One field per suggested question. The fields keep what is typed (spaces, empty ones between);
 * the attribute gets the cleaned list at every change.
 * @param props
 * @param props.value
 * @param props.limit
 * @param props.maxLength
 * @param props.onChange
 */
export function Suggestions({
	value,
	limit,
	maxLength,
	onChange,
}: SuggestionsProps) {
	const [drafts, setDrafts] = useState<string[]>(() => pad(value, limit));

	// Undo, or another change from outside: show what is stored.
	useEffect(() => {
		setDrafts((current) =>
			same(cleanSuggestions(current, limit), value)
				? current
				: pad(value, limit)
		);
	}, [value, limit]);

	return (
		<>
			<p className="byok-ai-assistant-inspector__help">
				{sprintf(
					/* translators: %s: number of questions. */
					__(
						'Up to %s questions visitors can ask with one click. Empty fields are left out.',
						'byok-ai'
					),
					limit.toLocaleString()
				)}
			</p>
			{value.length > limit && (
				<Notice status="warning" isDismissible={false}>
					{sprintf(
						/* translators: %s: number of questions. */
						__('Only the first %s questions are shown.', 'byok-ai'),
						limit.toLocaleString()
					)}
				</Notice>
			)}
			{drafts.map((draft, index) => (
				<TextInput
					// The fields are positions: their order never changes.
					key={index}
					label={sprintf(
						/* translators: %d: position of the question, from 1. */
						__('Question %d', 'byok-ai'),
						index + 1
					)}
					value={draft}
					maxLength={maxLength}
					onChange={(text: string) => {
						const next = drafts.map((item, at) =>
							at === index ? text : item
						);
						setDrafts(next);
						onChange(cleanSuggestions(next, limit));
					}}
				/>
			))}
		</>
	);
}

function pad(value: string[], limit: number): string[] {
	const fields = value.slice(0, limit);
	while (fields.length < limit) {
		fields.push('');
	}
	return fields;
}

function same(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((item, index) => item === b[index]);
}
