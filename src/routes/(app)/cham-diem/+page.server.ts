import { redirect } from '@sveltejs/kit';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listMyQueue } from '$lib/server/judging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.actor)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent('/cham-diem')}`);
	return { campaigns: await orErrorPage(listMyQueue(ctxOf(event))) };
};
