/**
 * The inline half of the Markdown renderer (markdown.ts): code spans, links and emphasis within
 * one line, as allow-listed nodes. Untrusted input (threat 7): one pass, every look-ahead bounded,
 * links only to http, https or mailto.
 *
 * Over 300 lines on purpose: tokenize() is one pass whose cases (escapes, code spans, links,
 * delimiter runs) share its position and caches; split apart they would hand that state around
 * and the linear-time bound would be harder to see.
 */

type Tag = 'strong' | 'em';

/** A run of `*` or `_`, which may open or close emphasis (CommonMark's flanking rules). */
interface Delimiter {
	char: string;
	/** Characters left, once matched ones are taken. */
	count: number;
	canOpen: boolean;
	canClose: boolean;
	/** Elements it closes, innermost first; its leftmost characters. */
	closes: Tag[];
	/** Elements it opens, innermost first; its rightmost characters. */
	opens: Tag[];
}

/**
 * Longest run of `*` or `_` that counts as emphasis (`***` is both), and most openers waiting
 * for their closer: together they bound how deep emphasis can nest, for jsdom and browsers.
 */
const MAX_RUN = 3;
const MAX_WAITING = 8;

/** Literal text, a finished node (code span, link) or a delimiter run. */
type Token = string | Node | Delimiter;

/** Where the inline scanner must look twice. */
const SPECIAL = /[\\`[!*_]/g;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const SPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
/** Characters that end a link destination: it has no spaces, quotes or brackets. */
const DESTINATION_END = /[\s<>"[\]]/;
const TITLE = /[ \t]+(?:"[^"\n]{0,300}"|'[^'\n]{0,300}')[ \t]*\)/y;

/**
 * Appends the inline content of one line: code spans, links, emphasis, text.
 * @param text
 * @param parent
 * @param doc
 * @param links  False inside a link's text, where no other link may start.
 */
export function inline(
	text: string,
	parent: Node,
	doc: Document,
	links = true
) {
	build(tokenize(text, doc, links), parent, doc);
}

/**
 * Splits a line into tokens in one pass. Every look-ahead is cached or bounded so that no
 * character is scanned more than a few times, whatever the input.
 * @param s
 * @param doc
 * @param links
 */
function tokenize(s: string, doc: Document, links: boolean): Token[] {
	const tokens: Token[] = [];
	let text = '';
	const flush = () => {
		if (text !== '') {
			tokens.push(text);
			text = '';
		}
	};

	// Where the backtick runs of each length start, and how far each list was searched:
	// a code span ends at the next run of the same length.
	const runs = new Map<number, { at: number[]; next: number }>();
	for (const run of s.matchAll(/`+/g)) {
		const length = run[0].length;
		const found = runs.get(length) ?? { at: [], next: 0 };
		found.at.push(run.index ?? 0);
		runs.set(length, found);
	}
	const closingRun = (length: number, from: number): number => {
		const found = runs.get(length);
		if (!found) {
			return -1;
		}
		while ((found.at[found.next] ?? Infinity) < from) {
			found.next++;
		}
		return found.at[found.next] ?? -1;
	};

	// The next `]` and the `[` nearest before it, cached: queries only move forward.
	let searchedFrom = Infinity;
	let close = -1;
	let openFor = -1;
	let open = -1;
	const closeAfter = (from: number): number => {
		if (from < searchedFrom || (close !== -1 && close < from)) {
			searchedFrom = from;
			close = s.indexOf(']', from);
		}
		return close;
	};
	const openBefore = (end: number): number => {
		if (end !== openFor) {
			openFor = end;
			open = s.lastIndexOf('[', end);
		}
		return open;
	};

	let i = 0;
	while (i < s.length) {
		SPECIAL.lastIndex = i;
		const next = SPECIAL.exec(s)?.index ?? s.length;
		text += s.slice(i, next);
		i = next;
		const char = s[i];
		if (char === undefined) {
			break;
		}

		if (char === '\\') {
			const escaped = s[i + 1] ?? '';
			if (ESCAPABLE.test(escaped)) {
				text += escaped;
				i += 2;
			} else {
				text += char;
				i++;
			}
			continue;
		}

		if (char === '`') {
			let end = i;
			while (s[end] === '`') {
				end++;
			}
			const closing = closingRun(end - i, end);
			if (closing === -1) {
				text += s.slice(i, end);
				i = end;
				continue;
			}
			let code = s.slice(end, closing);
			// One space each side is padding, unless the span is only spaces.
			if (
				code.startsWith(' ') &&
				code.endsWith(' ') &&
				code.trim() !== ''
			) {
				code = code.slice(1, -1);
			}
			flush();
			const node = doc.createElement('code');
			node.appendChild(doc.createTextNode(code));
			tokens.push(node);
			i = closing + (end - i);
			continue;
		}

		if (char === '*' || char === '_') {
			let end = i;
			while (s[end] === char) {
				end++;
			}
			flush();
			tokens.push(delimiter(s, i, end));
			i = end;
			continue;
		}

		// `[text](url)` or `![alt](src)`.
		const image = char === '!';
		const start = image ? i + 1 : i;
		const link = links && s[start] === '[' ? parseLink(start) : null;
		if (!link) {
			text += char;
			i++;
			continue;
		}
		flush();
		const label = s.slice(start + 1, link.labelEnd);
		if (image) {
			// Never load what a model points at: the alt text is all that is shown.
			tokens.push(label);
		} else {
			tokens.push(anchor(label, link.href, doc));
		}
		i = link.end;
	}
	flush();
	return tokens;

	/**
	 * A link starting with the `[` at `start`, or null when there is none.
	 * @param start
	 */
	function parseLink(
		start: number
	): { labelEnd: number; href: string; end: number } | null {
		const labelEnd = closeAfter(start + 1);
		if (
			labelEnd === -1 ||
			openBefore(labelEnd) !== start ||
			s[labelEnd + 1] !== '('
		) {
			return null;
		}
		// The destination: up to the `)` that balances the `(`s within it. It stops at the
		// next `[`, so destinations of different links never overlap (linear time).
		const from = labelEnd + 2;
		let depth = 0;
		let end = from;
		for (; end < s.length; end++) {
			const c = s[end] ?? '';
			if (c === '(') {
				depth++;
			} else if (c === ')') {
				if (depth === 0) {
					break;
				}
				depth--;
			} else if (DESTINATION_END.test(c)) {
				break;
			}
		}
		const href = s.slice(from, end);
		if (s[end] === ')') {
			return { labelEnd, href, end: end + 1 };
		}
		TITLE.lastIndex = end;
		return TITLE.test(s) ? { labelEnd, href, end: TITLE.lastIndex } : null;
	}
}

/**
 * A link to a safe URL, or just its text when the URL is not one.
 * @param label Link text, Markdown.
 * @param url   Destination as written.
 * @param doc
 */
function anchor(label: string, url: string, doc: Document): Node {
	const href = safeUrl(url);
	const node = href ? doc.createElement('a') : doc.createDocumentFragment();
	inline(label, node, doc, false);
	if (href) {
		if (!node.hasChildNodes()) {
			node.appendChild(doc.createTextNode(href));
		}
		(node as Element).setAttribute('href', href);
		(node as Element).setAttribute(
			'rel',
			'nofollow noopener noreferrer ugc'
		);
		(node as Element).setAttribute('target', '_blank');
	}
	return node;
}

/**
 * The URL, normalized, when it is an absolute http(s) or a mailto URL; null otherwise.
 * Written-out schemes only: `javascript:`, `data:`, relative URLs and anything with an
 * entity or a space before the scheme fail the first test.
 * @param url
 */
export function safeUrl(url: string): string | null {
	const trimmed = url.trim();
	if (!/^(?:https?:\/\/|mailto:)/i.test(trimmed)) {
		return null;
	}
	try {
		const parsed = new URL(trimmed);
		return ['http:', 'https:', 'mailto:'].includes(parsed.protocol)
			? parsed.href
			: null;
	} catch {
		return null;
	}
}

/**
 * A run of `*` or `_` from `start` to `end`, and whether it may open or close emphasis.
 * @param s
 * @param start
 * @param end
 */
function delimiter(s: string, start: number, end: number): Delimiter {
	const char = s[start] ?? '*';
	const before = s[start - 1] ?? ' ';
	const after = s[end] ?? ' ';
	const spaceBefore = SPACE.test(before);
	const spaceAfter = SPACE.test(after);
	const punctBefore = PUNCTUATION.test(before);
	const punctAfter = PUNCTUATION.test(after);
	const count = end - start;
	const left =
		count <= MAX_RUN &&
		!spaceAfter &&
		(!punctAfter || spaceBefore || punctBefore);
	const right =
		count <= MAX_RUN &&
		!spaceBefore &&
		(!punctBefore || spaceAfter || punctAfter);
	// `_` inside a word (snake_case) is not emphasis.
	return {
		char,
		count,
		canOpen: char === '*' ? left : left && (!right || punctBefore),
		canClose: char === '*' ? right : right && (!left || punctAfter),
		closes: [],
		opens: [],
	};
}

/**
 * Pairs delimiter runs into emphasis and appends the result to `parent`.
 *
 * One stack of openers per character; a closer only looks at the top of its own stack, and a
 * pair discards the other character's openers inside it, so pairs always nest and each run is
 * pushed and popped once. With runs of at most MAX_RUN and at most MAX_WAITING openers, an
 * element is never more than 3 × MAX_WAITING deep.
 * @param tokens
 * @param parent
 * @param doc
 */
function build(tokens: Token[], parent: Node, doc: Document) {
	const stacks: Record<string, number[]> = { '*': [], _: [] };
	tokens.forEach((token, index) => {
		if (!isDelimiter(token)) {
			return;
		}
		const own = stacks[token.char] ?? [];
		const other = stacks[token.char === '*' ? '_' : '*'] ?? [];
		while (token.canClose && token.count > 0 && own.length > 0) {
			const at = own[own.length - 1] ?? 0;
			const opener = tokens[at] as Delimiter;
			const tag: Tag =
				opener.count >= 2 && token.count >= 2 ? 'strong' : 'em';
			const used = tag === 'strong' ? 2 : 1;
			opener.count -= used;
			token.count -= used;
			opener.opens.push(tag);
			token.closes.push(tag);
			if (opener.count === 0) {
				own.pop();
			}
			while ((other[other.length - 1] ?? -1) > at) {
				other.pop();
			}
		}
		if (
			token.canOpen &&
			token.count > 0 &&
			own.length + other.length < MAX_WAITING
		) {
			own.push(index);
		}
	});

	const open: Node[] = [parent];
	let text = '';
	const top = (): Node => open[open.length - 1] ?? parent;
	const flush = () => {
		if (text !== '') {
			top().appendChild(doc.createTextNode(text));
			text = '';
		}
	};
	for (const token of tokens) {
		if (typeof token === 'string') {
			text += token;
		} else if (!isDelimiter(token)) {
			flush();
			top().appendChild(token);
		} else {
			if (token.closes.length > 0) {
				flush();
				open.length = Math.max(1, open.length - token.closes.length);
			}
			text += token.char.repeat(token.count);
			if (token.opens.length > 0) {
				flush();
				for (let k = token.opens.length - 1; k >= 0; k--) {
					const element = doc.createElement(token.opens[k] ?? 'em');
					top().appendChild(element);
					open.push(element);
				}
			}
		}
	}
	flush();
}

function isDelimiter(token: Token): token is Delimiter {
	return typeof token === 'object' && 'closes' in token;
}
