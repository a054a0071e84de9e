import { redirect } from '@sveltejs/kit';
import { signInSchema } from '$lib/schemas/auth';
import { parseForm } from '$lib/schemas/form';
import { issueAccountFormTicket, signIn } from '$lib/server/auth';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf, failWith, invalidForm } from '$lib/server/http';
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
	default: async (event) => {
		const parsed = parseForm(signInSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let session;
		try {
			session = await signIn(ctxOf(event), parsed.data, { address: event.getClientAddress() });
		} catch (error) {
			return failWith(error, parsed.values);
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, safeRedirectPath(parsed.data.redirectTo));
	}
};
