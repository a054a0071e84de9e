import { formAction } from '$lib/server/adapters';
import { readConfig } from '$lib/server/config';
import { ctxOf } from '$lib/server/http';
import { issueGuestRequestTicket, requestAsGuest } from '$lib/server/privacy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	contact: readConfig().privacyContact,
	// Each rendering of the form gets a fresh one: a spent ticket is never offered again.
	ticket: await issueGuestRequestTicket(ctxOf(event))
});

export const actions: Actions = {
	guestRequest: formAction(requestAsGuest, {
		input: (fields, event) => ({ ...fields, address: event.getClientAddress() }),
		done: () => ({
			success:
				'Đã ghi nhận yêu cầu. Cán bộ sẽ gọi tới số điện thoại bạn đã đăng ký để xác minh trước khi thực hiện.'
		})
	})
};
