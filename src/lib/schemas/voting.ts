import { z } from 'zod';
import { BAD_CHARACTERS, checkbox, id, line, MARKUP, proofPayload } from './common';

const audiences = ['accounts', 'anyone'] as const;
const visibilities = ['live', 'after_close', 'organizers'] as const;
const MAX_ACCOUNT_AGE_HOURS = 24 * 365;

/**
 * "2026-11-25T08:00" from <input type="datetime-local">, read as Vietnamese time (UTC+7). A Date
 * passes as it is, so a use case's input schema also accepts its own output (tests, scripts).
 */
export function vietnamDateTime(label: string) {
	const text = vietnamDateTimeText(label);
	return z.unknown().transform((v, context): Date => {
		if (v instanceof Date) return v;
		const parsed = text.safeParse(v);
		if (parsed.success) return parsed.data;
		for (const issue of parsed.error.issues)
			context.addIssue({ code: 'custom', message: issue.message });
		return z.NEVER;
	});
}

function vietnamDateTimeText(label: string) {
	return z
		.string({ error: `Vui lòng nhập ${label}.` })
		.trim()
		.min(1, `Vui lòng nhập ${label}.`)
		.regex(
			/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/,
			`${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ.`
		)
		.transform((v, context) => {
			const date = new Date(`${v.length === 16 ? `${v}:00` : v}+07:00`);
			if (Number.isNaN(date.getTime())) {
				context.addIssue({ code: 'custom', message: `${label} không hợp lệ.` });
				return z.NEVER;
			}
			return date;
		});
}

const optionalText = (label: string, max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? v.trim() : ''),
		z
			.string()
			.max(max, `${label} không được dài quá ${max} ký tự.`)
			.refine(
				(v) => !BAD_CHARACTERS.test(v.replace(/[\r\n\t]/g, '')),
				`${label} chứa ký tự không hợp lệ.`
			)
			.refine((v) => !MARKUP.test(v), `${label} không được chứa ký tự < hoặc >.`)
	);

const optionalUrl = (label: string) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
		z
			.string()
			.max(500, `${label} không được dài quá 500 ký tự.`)
			.regex(/^(https?:\/\/|\/)[^\s<>"]+$/i, `${label} phải bắt đầu bằng http://, https:// hoặc /.`)
			.optional()
	);

/** A whole number from 1 to `max` that may be left empty (null: no limit). */
const optionalWhole = (
	max: number,
	messages: { type: string; int: string; min: string; max: string }
) =>
	z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? null : v),
		z.coerce
			.number({ error: messages.type })
			.int(messages.int)
			.min(1, messages.min)
			.max(max, messages.max)
			.nullable()
	);

export const pollRulesSchema = z
	.object({
		title: line('tên cuộc bình chọn', 200),
		description: optionalText('Mô tả', 2000),
		unitId: id('đơn vị tổ chức'),
		opensAt: vietnamDateTime('thời gian mở'),
		closesAt: vietnamDateTime('thời gian đóng'),
		maxChoices: z.coerce
			.number({ error: 'Số phương án được chọn phải là một số.' })
			.int('Số phương án được chọn phải là số nguyên.')
			.min(1, 'Mỗi người phải được chọn ít nhất 1 phương án.')
			.max(50, 'Mỗi người chỉ được chọn tối đa 50 phương án.'),
		dailyVoting: checkbox,
		audience: z.enum(audiences, { error: 'Vui lòng chọn ai được bình chọn.' }),
		resultsVisibility: z.enum(visibilities, { error: 'Vui lòng chọn khi nào công bố kết quả.' }),
		addressDailyLimit: optionalWhole(1_000_000, {
			type: 'Giới hạn theo địa chỉ phải là một số.',
			int: 'Giới hạn theo địa chỉ phải là số nguyên.',
			min: 'Giới hạn theo địa chỉ phải từ 1 trở lên (để trống nếu không giới hạn).',
			max: 'Giới hạn theo địa chỉ quá lớn.'
		}),
		// Left out by callers that predate it: no minimum.
		minAccountAgeHours: optionalWhole(MAX_ACCOUNT_AGE_HOURS, {
			type: 'Tuổi tài khoản tối thiểu phải là một số giờ.',
			int: 'Tuổi tài khoản tối thiểu phải là số giờ nguyên.',
			min: 'Tuổi tài khoản tối thiểu phải từ 1 giờ trở lên (để trống nếu không yêu cầu).',
			max: 'Tuổi tài khoản tối thiểu không được quá 8760 giờ (một năm).'
		}).optional(),
		// Unticked, or left out by callers that predate it: any account may vote.
		requireVerifiedEmail: checkbox.optional(),
		// Blank, or left out by callers that predate it: results are final once the poll closes.
		minVotes: optionalWhole(10_000_000, {
			type: 'Số phiếu tối thiểu phải là một số.',
			int: 'Số phiếu tối thiểu phải là số nguyên.',
			min: 'Số phiếu tối thiểu phải từ 1 trở lên (để trống nếu không yêu cầu).',
			max: 'Số phiếu tối thiểu quá lớn.'
		}).optional()
	})
	.refine((v) => v.closesAt > v.opensAt, {
		path: ['closesAt'],
		message: 'Thời gian đóng phải sau thời gian mở.'
	})
	.refine((v) => !v.minAccountAgeHours || v.audience === 'accounts', {
		path: ['minAccountAgeHours'],
		message:
			'Tuổi tài khoản tối thiểu chỉ áp dụng cho cuộc bình chọn dành cho tài khoản đã đăng nhập.'
	})
	.refine((v) => !v.requireVerifiedEmail || v.audience === 'accounts', {
		path: ['requireVerifiedEmail'],
		message:
			'Yêu cầu email đã xác nhận chỉ áp dụng cho cuộc bình chọn dành cho tài khoản đã đăng nhập.'
	});

export const pollOptionSchema = z.object({
	title: line('tên phương án', 200),
	summary: optionalText('Tóm tắt', 1000),
	photoUrl: optionalUrl('Địa chỉ ảnh'),
	link: optionalUrl('Liên kết')
});

export const castVoteSchema = z.object({
	optionIds: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z
			.array(z.coerce.number().int().positive(), { error: 'Vui lòng chọn ít nhất một phương án.' })
			.min(1, 'Vui lòng chọn ít nhất một phương án.')
			.max(50, 'Chọn quá nhiều phương án.')
	),
	altcha: proofPayload
});

export const voidBallotSchema = z.object({
	trackingCode: z
		.string({ error: 'Vui lòng nhập mã phiếu.' })
		.trim()
		.min(1, 'Vui lòng nhập mã phiếu.'),
	reason: line('lý do huỷ phiếu', 500)
});

export const voidAddressSchema = z.object({
	addressHash: z.string().trim().min(1, 'Thiếu địa chỉ.').max(64),
	reason: line('lý do huỷ phiếu', 500)
});

export type PollRulesInput = z.infer<typeof pollRulesSchema>;
export type PollOptionInput = z.infer<typeof pollOptionSchema>;
export type CastVoteInput = z.infer<typeof castVoteSchema>;
