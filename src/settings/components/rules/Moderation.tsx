/**
 * Rules → "Visitor questions": whether visitors' questions go to OpenAI's moderation endpoint
 * before they reach the model (option byok_ai_moderation, includes/Assistant/Moderation.php).
 * Read and written through /wp/v2/settings, saved as soon as it is switched: it is not part of
 * the /policy form around it, whose "Save rules" doesn't send it.
 */
import apiFetch from '@wordpress/api-fetch';
import { Notice, ToggleControl } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { startLoad, toRestError } from '../../../lib/api';
import type { Provider } from '../../../lib/types';
import { hasUsableKey } from '../../providers';
import type { FormNotice } from '../../use-resource-form';
import { Loading } from '../Loading';
import { RulesFieldset } from './RulesFieldset';

/** The option's REST name. */
export const MODERATION_OPTION = 'byok_ai_moderation';

/** Only the option: the rest of the site's settings stay out of the answer (and of the preload). */
export const MODERATION_PATH = `/wp/v2/settings?_fields=${MODERATION_OPTION}`;

/** The provider whose key and moderation endpoint the check uses. */
const PROVIDER = 'openai';

type ModerationSettings = Partial<Record<typeof MODERATION_OPTION, boolean>>;

function valueOf(data: ModerationSettings): boolean {
	return data[MODERATION_OPTION] === true;
}

export interface ModerationProps {
	/** All providers, with their key status. */
	providers: Provider[];
}

export function Moderation({ providers }: ModerationProps) {
	const [enabled, setEnabled] = useState<boolean | null>(null);
	const [loadError, setLoadError] = useState<string | null>(null);
	const [saving, setSaving] = useState(false);
	const [notice, setNotice] = useState<FormNotice | null>(null);
	// A switch while a save is under way waits for its answer (the toggle stays focusable).
	const busy = useRef(false);

	useEffect(
		() =>
			startLoad(
				(signal) =>
					apiFetch<ModerationSettings>({
						path: MODERATION_PATH,
						signal,
					}),
				(data) => setEnabled(valueOf(data)),
				setLoadError
			),
		[]
	);

	const save = async (next: boolean) => {
		if (busy.current || enabled === null) {
			return;
		}
		const before = enabled;
		busy.current = true;
		setSaving(true);
		setNotice(null);
		setEnabled(next);
		try {
			const saved = valueOf(
				await apiFetch<ModerationSettings>({
					path: MODERATION_PATH,
					method: 'POST',
					data: { [MODERATION_OPTION]: next },
				})
			);
			setEnabled(saved);
			setNotice({
				status: 'success',
				message: saved
					? __(
							'Visitor questions are checked from now on.',
							'byok-ai'
						)
					: __('Visitor questions are no longer checked.', 'byok-ai'),
			});
		} catch (error) {
			setEnabled(before);
			setNotice({
				status: 'error',
				message: sprintf(
					/* translators: %s: the error message. */
					__('The question check was not changed: %s', 'byok-ai'),
					toRestError(error).message
				),
			});
		} finally {
			busy.current = false;
			setSaving(false);
		}
	};

	const openai = providers.find((provider) => provider.id === PROVIDER);
	const usable = openai !== undefined && hasUsableKey(openai);

	let body;
	if (loadError !== null) {
		body = (
			<Notice status="error" isDismissible={false}>
				{sprintf(
					/* translators: %s: the error message. */
					__('The question check could not be loaded: %s', 'byok-ai'),
					loadError
				)}
			</Notice>
		);
	} else if (enabled === null) {
		body = (
			<Loading>{__('Loading the question check…', 'byok-ai')}</Loading>
		);
	} else {
		body = (
			<>
				{notice && (
					<Notice
						status={notice.status}
						onRemove={() => setNotice(null)}
					>
						{notice.message}
					</Notice>
				)}
				<ToggleControl
					__nextHasNoMarginBottom
					label={__(
						'Check visitor questions before they reach the model',
						'byok-ai'
					)}
					help={__(
						'Each visitor question first goes to OpenAI’s moderation endpoint, with the stored OpenAI key. A flagged question gets a neutral refusal and costs no generation. While this is on and the check can’t be made (no OpenAI key, the endpoint down), visitors’ questions are refused.',
						'byok-ai'
					)}
					checked={enabled}
					onChange={(next: boolean) => {
						void save(next);
					}}
				/>
				{saving && <Loading>{__('Saving…', 'byok-ai')}</Loading>}
				{!usable && (
					<Notice status="warning" isDismissible={false}>
						{enabled
							? __(
									'There is no usable OpenAI key: every visitor question is refused. Add one under Providers, or turn the check off.',
									'byok-ai'
								)
							: __(
									'There is no usable OpenAI key: with the check on, every visitor question would be refused. Add one under Providers first.',
									'byok-ai'
								)}
					</Notice>
				)}
			</>
		);
	}

	return (
		<RulesFieldset name="moderation" className="byok-ai-rules__moderation">
			{body}
		</RulesFieldset>
	);
}
