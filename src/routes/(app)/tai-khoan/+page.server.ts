import { redirect } from '@sveltejs/kit';
import { changePasswordSchema } from '$lib/schemas/auth';
import { parseForm } from '$lib/schemas/form';
import { changePassword } from '$lib/server/auth';
import { setSessionCookie } from '$lib/server/hooks/session';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { getMyAccount } from '$lib/server/users';
import { roleLabels } from '$lib/shared/labels';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.actor)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	const account = await orErrorPage(getMyAccount(ctxOf(event)));
	return {
		account,
		roles: account.roles.map((r) => ({ label: roleLabels[r.role], unitName: r.unitName })),
		welcome: event.url.searchParams.has('chao-mung')
	};
};

export const actions: Actions = {
	changePassword: async (event) => {
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const session = await changePassword(ctxOf(event), parsed.data);
			setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return {
			success: 'Đã đổi mật khẩu. Các phiên đăng nhập trên thiết bị khác đã được đăng xuất.'
		};
	}
};
