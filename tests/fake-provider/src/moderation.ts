/**
 * OpenAI's moderation endpoint (`POST /openai/v1/moderations`), answered from the API reference's
 * example (fixture `openai/moderation-flagged`): a question with `[[flagged]]` gets that document
 * as recorded; any other gets the same document with `flagged` and every category false. A failure
 * scenario (`[[servererror]]`, `[[ratelimited]]`… in the input, or a key marker) answers as the
 * chat endpoints do.
 */
import { isRecord, type Reply } from './chat';
import { loadFixture } from './fixtures';
import { openAiFailure } from './openai';
import { scenarioInText } from './scenario';

const FIXTURE = 'openai/moderation-flagged';

/**
 * The text of the request's `input`: a string, a list of strings, or text parts.
 * @param body
 */
function inputText(body: unknown): string {
	const input = isRecord(body) ? body.input : undefined;
	const parts = Array.isArray(input) ? input : [input];
	return parts
		.map((part) => {
			if (typeof part === 'string') {
				return part;
			}
			return isRecord(part) && typeof part.text === 'string'
				? part.text
				: '';
		})
		.join(' ');
}

/**
 * The answer to a moderation request.
 * @param body The request's JSON body.
 * @param key  The key it carried.
 */
export function openAiModeration(body: unknown, key: string): Reply {
	const text = inputText(body);
	if (!isRecord(body) || text.trim() === '') {
		return {
			status: 400,
			headers: {},
			body: {
				error: {
					message: "'input' is a required property",
					type: 'invalid_request_error',
					param: null,
					code: null,
				},
			},
		};
	}
	// A key marker has been answered already (server.ts); a marker in the text is looked at here.
	const scenario = scenarioInText(text);
	const failure = scenario ? openAiFailure(scenario, key) : undefined;
	if (failure) {
		return failure;
	}
	const recording = loadFixture(FIXTURE);
	if (!recording) {
		throw new Error(`missing fixture ${FIXTURE}`);
	}
	const raw = Buffer.concat(recording.chunks);
	if (text.includes('[[flagged]]')) {
		return { status: 200, headers: recording.headers, body: null, raw };
	}
	const document = JSON.parse(raw.toString('utf8')) as {
		results: Array<{
			flagged: boolean;
			categories: Record<string, boolean>;
		}>;
	};
	for (const result of document.results) {
		result.flagged = false;
		for (const category of Object.keys(result.categories)) {
			result.categories[category] = false;
		}
	}
	return { status: 200, headers: {}, body: document };
}
