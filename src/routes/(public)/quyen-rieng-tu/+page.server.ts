import { formAction } from '$lib/server/adapters';
import { readConfig } from '$lib/server/config';
import { requestAsGuest } from '$lib/server/privacy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ contact: readConfig().privacyContact });

export const actions: Actions = {
	guestRequest: formAction(requestAsGuest, {
		done: () => ({
			success:
				'Đã ghi nhận yêu cầu. Cán bộ sẽ gọi tới số điện thoại bạn đã đăng ký để xác minh trước khi thực hiện.'
		})
	})
};
