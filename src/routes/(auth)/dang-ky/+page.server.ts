import { redirect } from '@sveltejs/kit';
import { formAction } from '$lib/server/adapters';
import { issueAccountFormTicket, register } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf } from '$lib/server/http';
import { listUnitChoices } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (event.locals.actor) redirect(303, '/tai-khoan');
	return {
		units: await listUnitChoices(getDatabase().db),
		// Each rendering of the form gets a fresh one: a spent ticket is never offered again.
		ticket: await issueAccountFormTicket(ctxOf(event))
	};
};

export const actions: Actions = {
	default: formAction(register, {
		input: (fields, event) => ({ ...fields, address: event.getClientAddress() }),
		done: (session, event) => {
			setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
			redirect(303, '/tai-khoan?chao-mung=1');
		}
	})
};
