import { honourFilterSchema } from '$lib/schemas/awards';
import { honourRoll } from '$lib/server/awards';
import { ctxOf } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = honourFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	return { filter, ...(await honourRoll(ctxOf(event).db, filter)) };
};
