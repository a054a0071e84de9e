import { ctxOf, failWith, orErrorPage } from '$lib/server/http';
import { listMyUpdates, markMyUpdatesRead } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
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
