import { z } from 'zod';
import { BAD_CHARACTERS, email, humanProof, line, optionalId, password, phone } from './common';
import { consent } from './privacy';

export const signInSchema = z.object({
	email,
	password: z
		.string({ error: 'Vui lòng nhập mật khẩu.' })
		.min(1, 'Vui lòng nhập mật khẩu.')
		.max(128, 'Mật khẩu không được dài quá 128 ký tự.'),
	// A hidden hint from the link that led here: a tampered value (control characters would
	// make the redirect header invalid) is dropped, so signing in still works and lands on "/".
	redirectTo: z
		.string()
		.max(2000)
		.refine((v) => !BAD_CHARACTERS.test(v) && !/[\s<>]/.test(v))
		.optional()
		.catch(undefined),
	// Asked for only when the account has had too many failures (see auth/service signIn).
	...humanProof
});

export const registerSchema = z
	.object({
		fullName: line('họ và tên', 100),
		email,
		phone,
		unitId: optionalId('đơn vị'),
		password,
		passwordConfirm: z.string({ error: 'Vui lòng nhập lại mật khẩu.' }),
		consent,
		...humanProof
	})
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		message: 'Mật khẩu nhập lại không khớp.'
	});

export const changePasswordSchema = z
	.object({
		currentPassword: z
			.string({ error: 'Vui lòng nhập mật khẩu hiện tại.' })
			.min(1, 'Vui lòng nhập mật khẩu hiện tại.')
			.max(128, 'Mật khẩu không được dài quá 128 ký tự.'),
		newPassword: password,
		newPasswordConfirm: z.string({ error: 'Vui lòng nhập lại mật khẩu mới.' })
	})
	.refine((v) => v.newPassword === v.newPasswordConfirm, {
		path: ['newPasswordConfirm'],
		message: 'Mật khẩu nhập lại không khớp.'
	});

/** "Quên mật khẩu": only the address; the answer is the same whether it has an account or not. */
export const passwordResetRequestSchema = z.object({ email });

/** The form an invitation or reset link opens: the new password, twice. */
export const newPasswordSchema = z
	.object({
		password,
		passwordConfirm: z.string({ error: 'Vui lòng nhập lại mật khẩu.' })
	})
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		message: 'Mật khẩu nhập lại không khớp.'
	});

export type SignInInput = z.infer<typeof signInSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
