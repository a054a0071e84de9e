import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { issueAccountFormTicket, signIn } from '$lib/server/auth';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf } from '$lib/server/http';
import { safeRedirectPath } from '$lib/shared/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	if (locals.actor) redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
	return {
		redirectTo: safeRedirectPath(url.searchParams.get('redirectTo')),
		// Needed only when the account has had many failures and the browser runs no script.
		ticket: await issueAccountFormTicket(ctxOf(event))
	};
};

export const actions: Actions = {
	default: formAction(signIn, {
		input: (fields, event) => ({ ...fields, address: event.getClientAddress() }),
		done: (session, event) => {
			setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
			redirect(303, safeRedirectPath(session.redirectTo));
		}
	})
};
