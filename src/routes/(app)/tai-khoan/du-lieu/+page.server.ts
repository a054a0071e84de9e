import { formAction } from '$lib/server/adapters';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { myData, requestAboutMyData } from '$lib/server/privacy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	data: await orErrorPage(myData(ctxOf(event)))
});

export const actions: Actions = {
	request: formAction(requestAboutMyData, {
		done: () => ({
			success: 'Đã gửi yêu cầu. Quản trị viên sẽ xử lý và báo kết quả qua email của bạn.'
		})
	})
};
