/**
 * How the fake provider decides what to answer: the key carries the scenario.
 */
export type Scenario =
	'ok' | 'invalid' | 'forbidden' | 'ratelimited' | 'overloaded' | 'slow';

const MARKERS: ReadonlyArray<[string, Scenario]> = [
	['-invalid', 'invalid'],
	['-forbidden', 'forbidden'],
	['-ratelimited', 'ratelimited'],
	['-overloaded', 'overloaded'],
	['-slow', 'slow'],
];

/**
 * Returns the scenario a key asks for; a missing key is "invalid" where the provider needs one.
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
	for (const [marker, scenario] of MARKERS) {
		if (key.includes(marker)) {
			return scenario;
		}
	}
	return 'ok';
}
