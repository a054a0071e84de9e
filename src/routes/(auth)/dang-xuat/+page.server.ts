import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/auth';
import { getDatabase } from '$lib/server/db';
import { clearSessionCookie } from '$lib/server/hooks/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.actor) redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId) await signOut(getDatabase().db, locals.sessionId);
		clearSessionCookie(cookies, url);
		redirect(303, '/');
	}
};
