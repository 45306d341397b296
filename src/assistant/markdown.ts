/**
 * Renders a model's answer from a strict subset of Markdown into DOM nodes.
 *
 * Model output is untrusted (threat 7). The nodes are made only with createElement,
 * createTextNode and setAttribute, from an allow-list: P, BR, STRONG, EM, CODE, PRE, UL, OL,
 * LI and A, whose only attributes are href (http, https or mailto, checked with URL), rel and
 * target. Raw HTML stays text, images become their alt text (nothing is loaded), headings
 * become bold paragraphs so an answer doesn't add to the post's outline.
 *
 * One forward pass per line without backtracking: half-streamed markers stay literal until
 * their closing half arrives, and hostile input costs linear time, not a stack overflow.
 * This file reads the blocks (paragraphs, lists, code, headings); markdown-inline.ts the spans.
 */
import { inline } from './markdown-inline';
export { safeUrl } from './markdown-inline';

const FENCE = /^( {0,3})(`{3,}|~{3,})/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const BLANK = /^\s*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
// Any indentation: nested items join the one level of list we render.
const BULLET = /^[ \t]*[-*+][ \t]+/;
const ORDERED = /^[ \t]*\d{1,9}[.)][ \t]+/;

/**
 * Renders Markdown text as a fragment of allow-listed elements and text.
 * @param text Markdown, possibly cut anywhere (streaming).
 * @param doc  Document that makes the nodes.
 */
export function renderMarkdown(
	text: string,
	doc: Document = document
): DocumentFragment {
	const root = doc.createDocumentFragment();
	const add = (tag: string, parent: Node): HTMLElement =>
		parent.appendChild(doc.createElement(tag));
	const lines = text.split(/\r\n?|\n/);
	// The open paragraph, list and list item that a next line may continue.
	let paragraph: HTMLElement | null = null;
	let list: HTMLElement | null = null;
	let item: HTMLElement | null = null;

	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] ?? '';

		const fence = FENCE.exec(line);
		if (fence) {
			paragraph = list = item = null;
			const indent = fence[1]?.length ?? 0;
			const marker = fence[2] ?? '';
			const indentation = new RegExp(`^ {0,${indent}}`);
			const code: string[] = [];
			// An unclosed fence (still streaming) runs to the end of the text.
			while (++i < lines.length) {
				const next = lines[i] ?? '';
				const closing = CLOSING_FENCE.exec(next)?.[1];
				if (
					closing &&
					closing[0] === marker[0] &&
					closing.length >= marker.length
				) {
					break;
				}
				code.push(next.replace(indentation, ''));
			}
			add('code', add('pre', root)).appendChild(
				doc.createTextNode(code.join('\n'))
			);
			continue;
		}

		if (BLANK.test(line) || RULE.test(line)) {
			paragraph = list = item = null;
			continue;
		}

		const heading = HEADING.exec(line);
		if (heading) {
			paragraph = list = item = null;
			inline(
				headingText(line.slice(heading[0].length)),
				add('strong', add('p', root)),
				doc
			);
			continue;
		}

		const marker = BULLET.exec(line) ?? ORDERED.exec(line);
		if (marker) {
			const tag = BULLET.test(line) ? 'UL' : 'OL';
			if (list?.tagName !== tag) {
				list = add(tag, root);
			}
			paragraph = null;
			item = add('li', list);
			inline(line.slice(marker[0].length).trim(), item, doc);
			continue;
		}

		// A line that continues the item or paragraph before it, after a line break.
		const block = item ?? paragraph;
		if (block) {
			add('br', block);
			inline(line.trim(), block, doc);
		} else {
			paragraph = add('p', root);
			inline(line.trim(), paragraph, doc);
		}
	}
	return root;
}

/**
 * A heading's text without its optional closing run of `#`.
 * @param rest What follows the opening `#`s.
 */
function headingText(rest: string): string {
	const text = rest.trim();
	let end = text.length;
	while (end > 0 && text[end - 1] === '#') {
		end--;
	}
	return end === 0 || /[ \t]/.test(text[end - 1] ?? '')
		? text.slice(0, end).trim()
		: text;
}
