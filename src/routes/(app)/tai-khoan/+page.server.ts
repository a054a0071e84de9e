import { formAction } from '$lib/server/adapters';
import { changePassword, sendVerificationEmail } from '$lib/server/auth';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf, orErrorPage } from '$lib/server/http';
import {
	getMyMailPreferences,
	MAIL_PREFERENCES_SAVED,
	updateMailPreferences
} from '$lib/server/notifications';
import { getMyAccount } from '$lib/server/users';
import { roleLabels, shownRoles } from '$lib/shared/labels';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const account = await orErrorPage(getMyAccount(ctxOf(event)));
	return {
		account,
		roles: shownRoles(account.roles).map((r) => ({
			label: roleLabels[r.role],
			unitName: r.unitName
		})),
		welcome: event.url.searchParams.has('chao-mung'),
		mail: await getMyMailPreferences(ctxOf(event))
	};
};

export const actions: Actions = {
	mailPreferences: formAction(updateMailPreferences, {
		done: () => ({ mailSaved: MAIL_PREFERENCES_SAVED })
	}),
	changePassword: formAction(changePassword, {
		done: (session, event) => {
			setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
			return {
				success: 'Đã đổi mật khẩu. Các phiên đăng nhập trên thiết bị khác đã được đăng xuất.'
			};
		}
	}),
	// Its answer carries `section` so that only the e-mail section shows it.
	sendVerificationEmail: formAction(sendVerificationEmail, {
		done: (to) => ({
			section: 'email' as const,
			success: `Đã gửi thư xác nhận tới ${to}. Hãy mở liên kết trong thư (dùng được trong 7 ngày).`
		}),
		failure: () => ({ section: 'email' as const })
	})
};
