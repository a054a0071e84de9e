import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { carryOutRequest, listPrivacyRequests, refuseRequest } from '$lib/server/privacy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	requests: await orErrorPage(listPrivacyRequests(ctxOf(event)))
});

export const actions = adminActions<Actions>({
	carryOut: formAction(carryOutRequest, {
		done: () => ({ success: 'Đã thực hiện yêu cầu; người gửi sẽ nhận thư báo.' })
	}),
	refuse: formAction(refuseRequest, {
		done: () => ({ success: 'Đã từ chối yêu cầu; người gửi sẽ nhận thư báo lý do.' })
	})
});
