import { ctxOf, orErrorPage } from '$lib/server/http';
import { listMyQueue } from '$lib/server/judging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return { campaigns: await orErrorPage(listMyQueue(ctxOf(event))) };
};
