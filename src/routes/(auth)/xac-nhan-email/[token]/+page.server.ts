import { formAction } from '$lib/server/adapters';
import { confirmEmail, readAccountLink } from '$lib/server/auth';
import { ctxOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	// Mail scanners open links before people do: reading spends nothing, the button does.
	return {
		link: await readAccountLink(ctxOf(event), event.params.token, ['verify']),
		signedIn: event.locals.actor !== null
	};
};

export const actions: Actions = {
	default: formAction(confirmEmail, {
		input: (_fields, event) => ({ token: event.params.token }),
		done: (outcome) => ({ outcome })
	})
};
