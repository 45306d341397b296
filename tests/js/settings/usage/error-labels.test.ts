import { errorLabel } from '../../../../src/settings/components/usage/error-labels';

describe('errorLabel', () => {
	it('reads the plugin’s own codes as people do', () => {
		expect(errorLabel('byok_ai_rate_limited')).toBe(
			'Rate limited by the provider'
		);
		expect(errorLabel('byok_ai_quota_exceeded')).toBe(
			'Provider credit or quota used up'
		);
		expect(errorLabel('byok_ai_refused')).toBe(
			'Refused by the WordPress AI rules'
		);
	});

	it('has no label for a code it doesn’t know, nor for inherited names', () => {
		expect(errorLabel('other_plugin_error')).toBeNull();
		expect(errorLabel('toString')).toBeNull();
		expect(errorLabel('')).toBeNull();
	});
});
