import { formAction } from '$lib/server/adapters';
import { requestPasswordReset } from '$lib/server/auth';
import type { Actions } from './$types';

export const actions: Actions = {
	default: formAction(requestPasswordReset, {
		input: (fields, event) => ({ ...fields, address: event.getClientAddress() }),
		// The same answer for every address: the page never says whether it has an account.
		done: (success, _event, values) => ({ success, values })
	})
};
