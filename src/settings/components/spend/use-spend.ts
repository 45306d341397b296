/**
 * The spend settings' state: GET/PUT/OPTIONS byok-ai/v1/spend through the shared resource form.
 */
import { __ } from '@wordpress/i18n';
import { ROOT } from '../../../lib/api';
import {
	serverFieldErrors,
	useResourceForm,
	type ResourceFormActions,
	type ResourceFormState,
} from '../../use-resource-form';
import {
	check,
	fromForm,
	toForm,
	type SpendBody,
	type SpendForm,
	type SpendResponse,
} from './spend-form';

export const SPEND_PATH = `${ROOT}/spend`;

export function useSpend(): [
	ResourceFormState<SpendResponse, SpendForm>,
	ResourceFormActions<SpendForm>,
] {
	return useResourceForm<SpendResponse, SpendForm, SpendBody>({
		path: SPEND_PATH,
		toForm,
		fromForm,
		check,
		// The server names the whole field (currency, prices or budgets): its message is shown.
		serverErrors: (error) =>
			serverFieldErrors(error, (field) =>
				['currency', 'prices', 'budgets'].includes(field) ? field : null
			),
		notSaved: () =>
			__(
				'The spend settings were not saved. Check the marked fields.',
				'byok-ai'
			),
		saved: () => ({
			status: 'success',
			message: __('Spend settings saved.', 'byok-ai'),
		}),
	});
}
