import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { readAccountLink, setPasswordFromLink } from '$lib/server/auth';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

// The address holds a secret: nothing may keep or pass it on (caches here, Referer on the page).
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	// Only read: opening the link (as mail scanners do) does not spend it.
	return { link: await readAccountLink(ctxOf(event), event.params.token, ['invite', 'reset']) };
};

export const actions: Actions = {
	default: formAction(setPasswordFromLink, {
		input: (fields, event) => ({ ...fields, token: event.params.token }),
		done: (session, event) => {
			setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
			redirect(303, '/');
		}
	})
};
