import { z } from 'zod';
import { roleKinds } from '$lib/shared/labels';
import { BAD_CHARACTERS, email, id, line, MARKUP, optionalId, phone } from './common';

export const roleKind = z.enum(roleKinds, { error: 'Vui lòng chọn vai trò.' });

export const userFields = {
	fullName: line('họ và tên', 100),
	email,
	phone,
	unitId: id('đơn vị')
};

/** No password: the new person gets an invitation and sets their own. */
export const createUserSchema = z.object({
	...userFields,
	role: z.preprocess((v) => (v === '' ? undefined : v), roleKind.exclude(['admin']).optional())
});

export const updateUserSchema = z.object(userFields);

export const assignRoleSchema = z
	.object({ role: roleKind, unitId: optionalId('đơn vị') })
	.refine((v) => v.role === 'admin' || v.unitId !== undefined, {
		path: ['unitId'],
		message: 'Vui lòng chọn đơn vị cho vai trò này.'
	});

export const userSearchSchema = z.object({
	q: z
		.string()
		.trim()
		.max(100, 'Từ khoá quá dài.')
		.refine((v) => !BAD_CHARACTERS.test(v), 'Từ khoá chứa ký tự không hợp lệ.')
		.refine((v) => !MARKUP.test(v), 'Từ khoá không được chứa ký tự < hoặc >.')
		.optional()
		.default(''),
	page: z.coerce.number().int().min(1).max(10_000).optional().default(1)
});

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type AssignRoleInput = z.infer<typeof assignRoleSchema>;
