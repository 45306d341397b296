import { initialState, reducer } from '../../../src/settings/state';
import { provider } from '../fixtures';

describe('settings reducer', () => {
	const loaded = reducer(initialState, {
		type: 'LOADED',
		encryption: { ready: true, source: 'salts', message: null },
		providers: [
			provider(),
			provider({ id: 'gemini', label: 'Google Gemini' }),
		],
	});

	it('keeps the server order and indexes providers by id', () => {
		expect(loaded.loading).toBe(false);
		expect(loaded.order).toEqual(['openai', 'gemini']);
		expect(loaded.providers.gemini?.label).toBe('Google Gemini');
	});

	it('marks one provider busy and clears its old notice', () => {
		const failed = reducer(loaded, {
			type: 'FAILED',
			id: 'openai',
			notice: { status: 'error', message: 'nope' },
		});
		const started = reducer(failed, {
			type: 'START',
			id: 'openai',
			busy: 'saving-key',
		});
		expect(started.busy.openai).toBe('saving-key');
		expect(started.busy.gemini).toBeUndefined();
		expect(started.notices.openai).toBeUndefined();
	});

	it('replaces a provider with the server answer and ends the busy state', () => {
		const started = reducer(loaded, {
			type: 'START',
			id: 'openai',
			busy: 'saving-key',
		});
		const saved = provider({
			key: {
				source: 'database',
				status: 'valid',
				hint: 'sk-…QRST',
				validated_at: '2026-11-25T10:00:00Z',
				variable: 'BYOK_AI_OPENAI_API_KEY',
				message: null,
			},
		});
		const next = reducer(started, {
			type: 'PROVIDER_UPDATED',
			provider: saved,
			notice: { status: 'success', message: 'ok' },
		});
		expect(next.busy.openai).toBeUndefined();
		expect(next.providers.openai?.key.hint).toBe('sk-…QRST');
		expect(next.notices.openai?.status).toBe('success');
		expect(next.providers.gemini).toBe(loaded.providers.gemini);
	});

	it('records a load failure', () => {
		const next = reducer(initialState, {
			type: 'LOAD_FAILED',
			message: 'Sorry',
		});
		expect(next.loading).toBe(false);
		expect(next.loadError).toBe('Sorry');
	});
});
