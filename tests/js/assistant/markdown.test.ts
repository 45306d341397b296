import { renderMarkdown, safeUrl } from '../../../src/assistant/markdown';

const ALLOWED_TAGS = new Set([
	'P',
	'BR',
	'STRONG',
	'EM',
	'CODE',
	'PRE',
	'UL',
	'OL',
	'LI',
	'A',
]);

function render(text: string): HTMLElement {
	const container = document.createElement('div');
	container.appendChild(renderMarkdown(text));
	return container;
}

/**
 * What a container holds, as compact markup.
 * @param container
 */
function markup(container: HTMLElement): string {
	return Array.from(container.childNodes).map(shape).join('');
}

/**
 * A rendered node as compact markup, from the DOM itself (no innerHTML): tags, the
 * attributes in order, and text with `<`/`>`/`&` escaped.
 * @param node
 */
function shape(node: Node): string {
	if (node.nodeType === Node.TEXT_NODE) {
		return (node.textContent ?? '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;');
	}
	const children = Array.from(node.childNodes).map(shape).join('');
	if (!(node instanceof Element)) {
		return children;
	}
	const tag = node.tagName.toLowerCase();
	const attributes = Array.from(node.attributes)
		.map((attribute) => ` ${attribute.name}="${attribute.value}"`)
		.join('');
	return tag === 'br' ? '<br>' : `<${tag}${attributes}>${children}</${tag}>`;
}

const REL = 'rel="nofollow noopener noreferrer ugc" target="_blank"';

/**
 * What in the container could run, load or style anything: elements off the allow-list,
 * attributes other than a safe link's, links to other schemes.
 * @param container
 */
function dangers(container: HTMLElement): string[] {
	const found: string[] = [];
	for (const element of Array.from(container.querySelectorAll('*'))) {
		if (!ALLOWED_TAGS.has(element.tagName)) {
			found.push(`element ${element.tagName}`);
		}
		for (const name of element.getAttributeNames()) {
			const value = element.getAttribute(name) ?? '';
			const allowed =
				element.tagName === 'A' &&
				((name === 'href' && /^(?:https?:\/\/|mailto:)/.test(value)) ||
					(name === 'rel' &&
						value === 'nofollow noopener noreferrer ugc') ||
					(name === 'target' && value === '_blank'));
			if (!allowed) {
				found.push(`${element.tagName} ${name}="${value}"`);
			}
		}
	}
	return found;
}

/**
 * Asserts that nothing in the container can run, load or style anything.
 * @param container
 */
function expectInert(container: HTMLElement) {
	expect(dangers(container)).toEqual([]);
	expect(
		container.querySelectorAll(
			'img, script, iframe, svg, style, object, embed, link, meta'
		)
	).toHaveLength(0);
	const handlers = Array.from(container.querySelectorAll('*')).flatMap(
		(element) =>
			element.getAttributeNames().filter((name) => /^on/i.test(name))
	);
	expect(handlers).toEqual([]);
	for (const anchor of Array.from(container.querySelectorAll('a'))) {
		expect(anchor.getAttributeNames().sort()).toEqual([
			'href',
			'rel',
			'target',
		]);
	}
}

describe('renderMarkdown', () => {
	it('renders the allowed structure of a benign answer', () => {
		const text = [
			'# Summary',
			'',
			'The post explains **two** ideas and *one* caveat.',
			'A second line of the same paragraph, with `code`.',
			'',
			'## Points ##',
			'- First __point__',
			'* Second _point_ with [a link](https://example.com/a_(b)?q=1)',
			'+ Third',
			'',
			'1. One',
			'2) Two',
			'',
			'```js',
			'const x = "<b>";',
			'',
			'  indented',
			'```',
			'Mail [us](mailto:team@example.com "Write to us").',
		].join('\n');
		expect(markup(render(text))).toBe(
			'<p><strong>Summary</strong></p>' +
				'<p>The post explains <strong>two</strong> ideas and <em>one</em> caveat.' +
				'<br>A second line of the same paragraph, with <code>code</code>.</p>' +
				'<p><strong>Points</strong></p>' +
				'<ul><li>First <strong>point</strong></li>' +
				`<li>Second <em>point</em> with <a href="https://example.com/a_(b)?q=1" ${REL}>a link</a></li>` +
				'<li>Third</li></ul>' +
				'<ol><li>One</li><li>Two</li></ol>' +
				'<pre><code>const x = "&lt;b&gt;";\n\n  indented</code></pre>' +
				`<p>Mail <a href="mailto:team@example.com" ${REL}>us</a>.</p>`
		);
	});

	it('nests emphasis and keeps snake_case, lone markers and escapes literal', () => {
		expect(markup(render('***both*** and **bold *in* bold**'))).toBe(
			'<p><em><strong>both</strong></em> and <strong>bold <em>in</em> bold</strong></p>'
		);
		expect(markup(render('snake_case_name, 2 * 3 * 4, \\*not\\*'))).toBe(
			'<p>snake_case_name, 2 * 3 * 4, *not*</p>'
		);
		expect(markup(render('**[x](https://a.example/)** `a*b*c`'))).toBe(
			`<p><strong><a href="https://a.example/" ${REL}>x</a></strong> <code>a*b*c</code></p>`
		);
	});

	it('renders half-streamed markup sanely', () => {
		expect(markup(render('Some **bol'))).toBe('<p>Some **bol</p>');
		expect(markup(render('See [the docs](https://exa'))).toBe(
			'<p>See [the docs](https://exa</p>'
		);
		expect(markup(render('Run `npm'))).toBe('<p>Run `npm</p>');
		expect(markup(render('Code:\n\n```sh\nnpm run'))).toBe(
			'<p>Code:</p><pre><code>npm run</code></pre>'
		);
		expect(markup(render('- one\n-'))).toBe('<ul><li>one<br>-</li></ul>');
		expect(markup(render(''))).toBe('');
	});

	it('puts headings in bold paragraphs, never in heading elements', () => {
		const container = render('# One\n###### Six\n####### Seven');
		expect(container.querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
		expect(markup(container)).toBe(
			'<p><strong>One</strong></p><p><strong>Six</strong></p><p>####### Seven</p>'
		);
	});

	it('shows an image as its alt text and loads nothing', () => {
		const container = render(
			'Look: ![a chart](https://evil.example/x.png) ok'
		);
		expect(markup(container)).toBe('<p>Look: a chart ok</p>');
		expectInert(container);
	});

	it.each([
		['a script element', '<script>alert(1)</script>'],
		['an img with onerror', '<img src=x onerror=alert(1)>'],
		['a javascript: link', '[x](javascript:alert(1))'],
		['a mixed-case javascript: link', '[x](JaVaScRiPt:alert(1))'],
		['a javascript: link after a space', '[x]( javascript:alert(1))'],
		['a javascript: link with a tab', '[x](java\tscript:alert(1))'],
		['a data: link', '[x](data:text/html,<script>alert(1)</script>)'],
		['an entity-encoded scheme', '[x](&#106;avascript:alert(1))'],
		['a vbscript: link', '[x](vbscript:msgbox(1))'],
		['a protocol-relative link', '[x](//evil.example/)'],
		['a relative link', '[x](/wp-admin/)'],
		['a remote image', '![a](https://evil.example/x.png)'],
		[
			'an image in a link',
			'[![a](https://evil.example/x.png)](https://ok.example/)',
		],
		['an HTML link', '<a href="javascript:alert(1)">x</a>'],
		['an iframe', '<iframe src="https://evil.example/"></iframe>'],
		['an svg with onload', '<svg onload=alert(1)><circle/></svg>'],
		['a style element', '<style>body{display:none}</style>'],
		['HTML inside emphasis', '**<img src=x onerror=alert(1)>**'],
		['HTML in a code fence', '```\n<script>alert(1)</script>\n```'],
		[
			'HTML in a link text',
			'[<img src=x onerror=alert(1)>](https://ok.example/)',
		],
	])('renders %s inert', (_name, text) => {
		const container = render(`Before\n\n${text}\n\nAfter`);
		expectInert(container);
		// Whatever was not a safe link is still there, as text.
		expect(container.textContent).toContain('Before');
		expect(container.textContent).toContain('After');
	});

	it('keeps raw HTML as literal text', () => {
		const container = render('<b onclick="x()">hi</b>');
		expect(markup(container)).toBe(
			'<p>&lt;b onclick="x()"&gt;hi&lt;/b&gt;</p>'
		);
		expect(container.querySelector('b')).toBeNull();
	});

	it('drops an unsafe link’s destination but keeps its text', () => {
		expect(markup(render('[click me](javascript:alert(1)) now'))).toBe(
			'<p>click me now</p>'
		);
		expect(markup(render('[**bold** text](data:x)'))).toBe(
			'<p><strong>bold</strong> text</p>'
		);
	});

	/**
	 * The hostile input of the size given: runs of every delimiter the renderer looks at.
	 * @param size Characters.
	 */
	function hostile(size: number): string {
		const parts = [
			'*'.repeat(10000),
			'_a'.repeat(5000),
			'*a'.repeat(5000),
			'**a'.repeat(3000),
			'['.repeat(10000),
			'[a]('.repeat(5000),
			']('.repeat(5000),
			'('.repeat(5000),
			'`'.repeat(3000),
			'` ``'.repeat(3000),
			'\\'.repeat(5000),
			'![a]('.repeat(3000),
			'<script>alert(1)</script>'.repeat(1000),
			'# '.repeat(5000),
			'- - '.repeat(3000),
			'\n- x'.repeat(3000),
			'\n```'.repeat(1000),
		];
		let text = parts.join('');
		while (text.length < size) {
			text += parts.join(' ');
		}
		return text.slice(0, size);
	}

	/**
	 * The work a render does, counted instead of timed (a count is the same on every machine
	 * and under any load): the characters the string searches walk over (indexOf, lastIndexOf
	 * up to what they find), the characters copied (slice), each regular expression run and
	 * each DOM node created or inserted. A renderer that goes back over the text (backtracking,
	 * searching again from each delimiter) makes this grow faster than the input.
	 * @param text
	 */
	function workOf(text: string): { work: number; container: HTMLElement } {
		let work = 0;
		const spies: jest.SpyInstance[] = [];
		const count = <T extends object>(
			target: T,
			method: keyof T & string,
			cost: (self: unknown, args: unknown[], result: unknown) => number
		) => {
			const original = target[method] as unknown as (
				...args: unknown[]
			) => unknown;
			spies.push(
				jest
					.spyOn(target, method as never)
					.mockImplementation(function (
						this: unknown,
						...args: unknown[]
					) {
						const result = original.apply(this, args);
						work += cost(this, args, result);
						return result;
					} as never)
			);
		};
		const length = (self: unknown) => String(self).length;
		count(String.prototype, 'indexOf', (self, [, from = 0], found) =>
			found === -1
				? length(self) - Number(from)
				: Number(found) - Number(from) + 1
		);
		count(String.prototype, 'lastIndexOf', (self, [, from], found) => {
			const start = from === undefined ? length(self) : Number(from);
			return found === -1 ? start + 1 : start - Number(found) + 1;
		});
		count(
			String.prototype,
			'slice',
			(_self, _args, result) => String(result).length
		);
		count(RegExp.prototype, 'exec', () => 1);
		count(RegExp.prototype, 'test', () => 1);
		count(Document.prototype, 'createElement', () => 1);
		count(Document.prototype, 'createTextNode', () => 1);
		count(Node.prototype, 'appendChild', () => 1);
		try {
			const container = render(text);
			return { work, container };
		} finally {
			spies.forEach((spy) => spy.mockRestore());
		}
	}

	it('renders hostile input of 200 KB inert, with work linear in its size', () => {
		const half = workOf(hostile(100 * 1024));
		const full = workOf(hostile(200 * 1024));

		expectInert(full.container);
		expect(half.work).toBeGreaterThan(100 * 1024);
		// Twice the text, about twice the work (never the square of it).
		expect(full.work / half.work).toBeLessThan(2.5);
		// The speed itself is a figure for the bench, not a test's pass or fail.
	}, 60_000);

	it('bounds how deep emphasis nests', () => {
		const container = render(
			`${'*a '.repeat(5000)}${' a*'.repeat(5000)} ${'**_'.repeat(3000)}x${'_**'.repeat(3000)}`
		);
		let deepest = 0;
		for (const element of Array.from(container.querySelectorAll('*'))) {
			let depth = 0;
			for (
				let node: Element | null = element;
				node;
				node = node.parentElement
			) {
				depth++;
			}
			deepest = Math.max(deepest, depth);
		}
		expect(deepest).toBeLessThan(30);
	});

	it('flattens nested lists into one level', () => {
		expect(markup(render('- a\n  - b\n    1. c\n- d\ncontinued'))).toBe(
			'<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol><ul><li>d<br>continued</li></ul>'
		);
	});

	it('keeps 10,000 asterisks in a row literal', () => {
		const stars = '*'.repeat(10000);
		expect(markup(render(`a${stars}b ${stars}c`))).toBe(
			`<p>a${stars}b ${stars}c</p>`
		);
		// On a line of their own they are a thematic break, which renders as nothing.
		expect(markup(render(`a\n\n${stars}\n\nb`))).toBe('<p>a</p><p>b</p>');
	});
});

describe('safeUrl', () => {
	it.each([
		['https://example.com/x?y=1#z', 'https://example.com/x?y=1#z'],
		['  HTTP://Example.com  ', 'http://example.com/'],
		['mailto:a@example.com', 'mailto:a@example.com'],
		['javascript:alert(1)', null],
		['https:alert(1)', null],
		['http://', null],
		['ftp://example.com/', null],
		['data:text/html,x', null],
		['&#106;avascript:alert(1)', null],
	])('%s → %s', (url, expected) => {
		expect(safeUrl(url)).toBe(expected);
	});
});
