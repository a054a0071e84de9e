import { ctxOf, orErrorPage } from '$lib/server/http';
import { getPublicFinalist } from '$lib/server/judging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) =>
	orErrorPage(
		getPublicFinalist(ctxOf(event), Number(event.params.id), Number(event.params.nomination))
	);
