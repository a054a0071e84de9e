import { listDecisions } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	decisions: await orErrorPage(listDecisions(ctxOf(event)))
});
