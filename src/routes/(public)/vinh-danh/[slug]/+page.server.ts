import { honourModel } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const model = await orErrorPage(honourModel(ctxOf(event).db, event.params.slug.slice(0, 120)));
	return { model };
};
