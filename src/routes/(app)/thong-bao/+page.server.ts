import { redirect } from '@sveltejs/kit';
import { ctxOf, failWith, orErrorPage } from '$lib/server/http';
import { listMyUpdates, markMyUpdatesRead } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.actor)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	return orErrorPage(listMyUpdates(ctxOf(event)));
};

export const actions: Actions = {
	markRead: async (event) => {
		try {
			await markMyUpdatesRead(ctxOf(event));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã đánh dấu tất cả là đã đọc.' };
	}
};
