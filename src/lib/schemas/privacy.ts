import { z } from 'zod';
import { CONSENT_MISSING, MAX_RETENTION_MONTHS, privacyRequestKinds } from '$lib/shared/privacy';
import { humanProof, id, line, optionalEmail, paragraph } from './common';

/**
 * The consent box where the law asks for it (sign-up, contest registration): ticked, or the
 * form comes back with the message at the box. Nothing is recorded without it.
 */
export const consent = z.preprocess(
	(v) => v === 'on' || v === 'true' || v === true || v === '1',
	z.literal(true, { error: CONSENT_MISSING })
);

/**
 * Months to keep contact data, set by the organizer of a contest or campaign. Empty: the
 * default (DEFAULT_RETENTION_MONTHS), which the database applies.
 */
export const retentionMonths = z.preprocess(
	(v) => (v === '' || v === null ? undefined : v),
	z.coerce
		.number({ error: 'Thời hạn lưu trữ phải là một số tháng.' })
		.int('Thời hạn lưu trữ phải là số tháng nguyên.')
		.min(1, 'Thời hạn lưu trữ ít nhất 1 tháng.')
		.max(MAX_RETENTION_MONTHS, `Thời hạn lưu trữ không quá ${MAX_RETENTION_MONTHS} tháng.`)
		.optional()
);

const kind = z.enum(privacyRequestKinds, { error: 'Vui lòng chọn yêu cầu.' });
const guestPhone = z.preprocess(
	(v) => (typeof v === 'string' ? v.replace(/[\s.-]/g, '') : v),
	z
		.string({ error: 'Vui lòng nhập số điện thoại đã dùng khi đăng ký dự thi.' })
		.regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại không hợp lệ (ví dụ 0912345678).')
		.transform((v) => v.replace(/^\+84/, '0'))
);

/** A signed-in person's request about their own data. */
export const accountRequestSchema = z.object({
	kind,
	message: paragraph('nội dung', 2000)
});

/**
 * A guest player (no account): found by the phone they registered with (every registration
 * with it; the message may name a contest); the office calls that number to verify before acting, and answers at the e-mail.
 * Sent by anyone, so it carries a proof of work (or, without JavaScript, the page's ticket).
 */
export const guestRequestSchema = z.object({
	kind,
	fullName: line('họ và tên', 120),
	phone: guestPhone,
	email: optionalEmail,
	message: paragraph('nội dung', 2000),
	...humanProof
});

/** An administrator handles one request: carried out, or refused with a reason. */
export const handleRequestSchema = z.object({
	requestId: id('yêu cầu'),
	note: paragraph('ghi chú', 1000)
});
export const refuseRequestSchema = z.object({
	requestId: id('yêu cầu'),
	note: paragraph('lý do', 1000, { required: true })
});

/** `?dinh-dang=` of a person's own data download; JSON when absent. */
export const myDataFormatSchema = z
	.enum(['json', 'xlsx'], { error: 'Chọn định dạng json hoặc xlsx.' })
	.default('json');
