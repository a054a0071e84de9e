import { redirect } from '@sveltejs/kit';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { getDossier } from '$lib/server/nominations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.actor)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	return {
		...(await orErrorPage(getDossier(ctxOf(event), Number(event.params.id)))),
		printedAt: new Date()
	};
};
