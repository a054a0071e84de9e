import { ctxOf, orErrorPage } from '$lib/server/http';
import { getDossier } from '$lib/server/nominations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return {
		...(await orErrorPage(getDossier(ctxOf(event), Number(event.params.id)))),
		printedAt: new Date()
	};
};
