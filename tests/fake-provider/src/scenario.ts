/**
 * How the fake provider decides what to answer: the key carries the scenario, and on the chat
 * endpoints a `[[name]]` marker in the last user message can carry it too.
 */
export type Scenario =
	| 'ok'
	| 'invalid'
	| 'forbidden'
	| 'ratelimited'
	| 'overloaded'
	| 'slow'
	| 'servererror'
	| 'malformed'
	| 'truncated'
	| 'midstream';

/** Every scenario a marker can ask for, in the order key markers are looked for. */
export const SCENARIOS: ReadonlyArray<Exclude<Scenario, 'ok'>> = [
	'invalid',
	'forbidden',
	'ratelimited',
	'overloaded',
	'slow',
	'servererror',
	'malformed',
	'truncated',
	'midstream',
];

/**
 * Returns the scenario a key asks for (`-invalid`, `-slow`, …); a missing key is "invalid"
 * where the provider needs one.
 * @param key
 * @param keyRequired
 */
export function scenarioFor(
	key: string | undefined,
	keyRequired = true
): Scenario {
	if (!key) {
		return keyRequired ? 'invalid' : 'ok';
	}
	for (const scenario of SCENARIOS) {
		if (key.includes(`-${scenario}`)) {
			return scenario;
		}
	}
	return 'ok';
}

/**
 * Returns the scenario a chat message asks for with a `[[name]]` marker, if any.
 * @param text
 */
export function scenarioInText(text: string): Scenario | undefined {
	for (const match of text.matchAll(/\[\[([a-z]+)\]\]/g)) {
		const found = SCENARIOS.find((scenario) => scenario === match[1]);
		if (found) {
			return found;
		}
	}
	return undefined;
}
