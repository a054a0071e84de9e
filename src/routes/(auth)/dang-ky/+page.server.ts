import { redirect } from '@sveltejs/kit';
import { registerSchema } from '$lib/schemas/auth';
import { parseForm } from '$lib/schemas/form';
import { issueAccountFormTicket, register } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf, failWith, invalidForm } from '$lib/server/http';
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
	default: async (event) => {
		const parsed = parseForm(registerSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		let session;
		try {
			session = await register(ctxOf(event), parsed.data, { address: event.getClientAddress() });
		} catch (error) {
			return failWith(error, parsed.values);
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, '/tai-khoan?chao-mung=1');
	}
};
