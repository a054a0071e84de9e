import { fail } from '@sveltejs/kit';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { isAdmin } from '$lib/server/auth/policy';
import { adminActions, ctxOf, orErrorPage, type FormFailure } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import * as users from '$lib/server/users';
import { CHECK_FIELDS } from '$lib/server/usecase';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [user, units] = await orErrorPage(
		Promise.all([users.getUser(ctx, Number(event.params.id)), listUnits(ctx)])
	);
	return {
		user,
		units,
		assignable: isAdmin(ctx.actor!)
			? (['member', 'officer', 'judge', 'organizer', 'admin'] as const)
			: (['member', 'officer', 'judge', 'organizer'] as const),
		created: event.url.searchParams.has('da-tao')
	};
};

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions = adminActions<Actions>({
	update: formAction(users.updateUser, saying('Đã lưu thông tin tài khoản.')),
	assignRole: formAction(users.assignRole, saying('Đã giao vai trò.')),
	revokeRole: formAction(users.revokeRole, saying('Đã thu hồi vai trò.')),
	// One button toggles the account; its hidden `active` field says which way.
	setActive: async (event) => {
		const form = await event.request
			.clone()
			.formData()
			.catch(() => null);
		const active = form?.get('active');
		if (active === 'true')
			return formAction(users.reactivateUser, saying('Đã kích hoạt lại tài khoản.'))(event);
		if (active === 'false')
			return formAction(
				users.deactivateUser,
				saying('Đã vô hiệu hoá tài khoản; mọi phiên đăng nhập của người này đã kết thúc.')
			)(event);
		return fail(400, {
			message: CHECK_FIELDS,
			errors: { active: ['Trạng thái không hợp lệ.'] },
			values: {}
		} satisfies FormFailure);
	},
	sendPasswordReset: formAction(users.sendPasswordReset, {
		input: fieldsAndParams,
		done: (to) => ({
			success: `Đã gửi thư đặt lại mật khẩu tới ${to}. Liên kết trong thư dùng được trong 1 giờ; mật khẩu cũ vẫn dùng được cho tới khi người dùng đặt mật khẩu mới.`
		})
	}),
	resendInvitation: formAction(users.resendInvitation, {
		input: fieldsAndParams,
		done: (to) => ({
			success: `Đã gửi lại thư mời tới ${to}. Liên kết trong thư mời trước không còn dùng được.`
		})
	})
});
