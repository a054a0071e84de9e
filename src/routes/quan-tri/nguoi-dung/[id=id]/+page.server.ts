import { z } from 'zod';
import { parseForm } from '$lib/schemas/form';
import { assignRoleSchema, resetPasswordSchema, updateUserSchema } from '$lib/schemas/users';
import { id } from '$lib/schemas/common';
import { isAdmin } from '$lib/server/auth/policy';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import {
	assignRole,
	getUser,
	resetPassword,
	revokeRole,
	setUserActive,
	updateUser
} from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [user, units] = await orErrorPage(
		Promise.all([getUser(ctx, Number(event.params.id)), listUnits(ctx)])
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

const revokeSchema = z.object({ roleId: id('vai trò') });
const activeSchema = z.object({
	active: z.enum(['true', 'false'], { error: 'Trạng thái không hợp lệ.' })
});
const userId = (params: { id: string }) => Number(params.id);

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(updateUserSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updateUser(ctxOf(event), userId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu thông tin tài khoản.' };
	},
	assignRole: async (event) => {
		const parsed = parseForm(assignRoleSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await assignRole(ctxOf(event), userId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã giao vai trò.' };
	},
	revokeRole: async (event) => {
		const parsed = parseForm(revokeSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await revokeRole(ctxOf(event), userId(event.params), parsed.data.roleId);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã thu hồi vai trò.' };
	},
	setActive: async (event) => {
		const parsed = parseForm(activeSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const active = parsed.data.active === 'true';
		try {
			await setUserActive(ctxOf(event), userId(event.params), active);
		} catch (error) {
			return failWith(error);
		}
		return {
			success: active
				? 'Đã kích hoạt lại tài khoản.'
				: 'Đã vô hiệu hoá tài khoản; mọi phiên đăng nhập của người này đã kết thúc.'
		};
	},
	resetPassword: async (event) => {
		const parsed = parseForm(resetPasswordSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await resetPassword(ctxOf(event), userId(event.params), parsed.data.password);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã đặt lại mật khẩu; người dùng cần đăng nhập lại bằng mật khẩu mới.' };
	}
});
