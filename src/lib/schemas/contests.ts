import { z } from 'zod';
import { contestScopes, predictionKinds, tieBreakKeys } from '$lib/shared/contests';
import { parseVietnameseDateTime } from '$lib/shared/datetime';
import { checkbox, id, line, optionalEmail, proofPayload } from './common';
import { consent, retentionMonths } from './privacy';

const count = (label: string, min: number, max: number) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.coerce
			.number({ error: `Vui lòng nhập ${label}.` })
			.int(`${label[0]!.toUpperCase()}${label.slice(1)} phải là số nguyên.`)
			.min(min, `${label[0]!.toUpperCase()}${label.slice(1)} tối thiểu là ${min}.`)
			.max(max, `${label[0]!.toUpperCase()}${label.slice(1)} tối đa là ${max}.`)
	);

/**
 * "dd/mm/yyyy hh:mm" (Asia/Ho_Chi_Minh) or the value of a datetime-local input; a Date (what
 * code passes, and what this gives) is taken as it is.
 */
const dateTime = (label: string) =>
	z.any().transform((v: unknown, ctx): Date => {
		if (v instanceof Date) return v;
		const text = typeof v === 'string' ? v.trim() : '';
		if (!text) {
			ctx.addIssue({ code: 'custom', message: `Vui lòng nhập ${label}.` });
			return z.NEVER;
		}
		const date = parseVietnameseDateTime(text);
		if (!date) {
			ctx.addIssue({
				code: 'custom',
				message: `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ (dd/mm/yyyy hh:mm).`
			});
			return z.NEVER;
		}
		return date;
	});

export const contestSchema = z.object({
	unitId: id('đơn vị tổ chức'),
	title: line('tên cuộc thi', 200),
	description: z.string().trim().max(4000, 'Thể lệ không được dài quá 4.000 ký tự.').default(''),
	scope: z.enum(contestScopes, { error: 'Vui lòng chọn đối tượng dự thi.' }),
	predictionKind: z.enum(predictionKinds, { error: 'Vui lòng chọn loại câu hỏi dự đoán.' }),
	tieBreaks: z
		.preprocess(
			(v) =>
				typeof v === 'string'
					? v
							.split(',')
							.map((s) => s.trim())
							.filter(Boolean)
					: v,
			z.array(z.enum(tieBreakKeys, { error: 'Tiêu chí xếp hạng không hợp lệ.' }))
		)
		.refine(
			(v) => v.length === tieBreakKeys.length && new Set(v).size === v.length,
			'Thứ tự xếp hạng phải gồm đủ bốn tiêu chí, mỗi tiêu chí một lần.'
		)
		.default(['correct', 'prediction', 'duration', 'submitted']),
	/** Empty: the default (20 an hour), which the database applies. */
	guestHourlyLimit: z.preprocess(
		(v) => (v === '' || v === null ? undefined : v),
		z.coerce
			.number({ error: 'Giới hạn đăng ký theo địa chỉ mạng phải là một số.' })
			.int('Giới hạn đăng ký theo địa chỉ mạng phải là số nguyên.')
			.min(1, 'Giới hạn đăng ký theo địa chỉ mạng phải từ 1 trở lên.')
			.max(100_000, 'Giới hạn đăng ký theo địa chỉ mạng quá lớn (tối đa 100.000).')
			.optional()
	),
	retentionMonths
});
export type ContestInput = z.output<typeof contestSchema>;

/** Editing a contest: everything but its unit (which decides who runs it). */
export const contestUpdateSchema = contestSchema.omit({ unitId: true });
export type ContestUpdate = z.output<typeof contestUpdateSchema>;

const tiers = z.preprocess(
	(v) =>
		typeof v === 'string'
			? v
					.split(/\r?\n|;/)
					.map((s) => s.trim())
					.filter(Boolean)
					.map((s) => {
						const m = /^(.*?)[:\s]+(\d+)$/.exec(s);
						return m ? { label: m[1]!.trim(), count: Number(m[2]) } : { label: s, count: NaN };
					})
			: v,
	z
		.array(
			z.object({
				label: line('tên giải', 60),
				count: z
					.number({ error: 'Mỗi giải ghi "Tên giải: số lượng", ví dụ "Giải Nhất: 1".' })
					.int()
					.min(1, 'Số lượng giải tối thiểu là 1.')
					.max(1000, 'Số lượng giải tối đa là 1.000.')
			})
		)
		.max(10, 'Tối đa 10 loại giải.')
);

const listOf = (label: string) =>
	z.preprocess(
		(v) =>
			(Array.isArray(v) ? v : String(v ?? '').split(/\r?\n|;/))
				.map((s) => String(s).trim())
				.filter(Boolean),
		z.array(line(label, 120)).max(20)
	);

export const roundSchema = z
	.object({
		title: line('tên tuần thi', 200),
		opensAt: dateTime('thời điểm mở'),
		closesAt: dateTime('thời điểm đóng'),
		questionCount: count('số câu hỏi mỗi lượt', 1, 100),
		timeLimitMinutes: count('thời gian làm bài (phút)', 1, 180),
		attemptsAllowed: count('số lượt thi', 1, 20),
		topics: listOf('chủ đề'),
		difficulties: z.preprocess(
			(v) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]),
			z.array(z.coerce.number().int().min(1).max(3))
		),
		predictionQuestion: line('câu hỏi dự đoán', 300),
		prizeTiers: tiers
	})
	.refine((r) => r.closesAt > r.opensAt, {
		path: ['closesAt'],
		message: 'Thời điểm đóng phải sau thời điểm mở.'
	});
export type RoundInput = z.output<typeof roundSchema>;

/** Digits only; 9 (CMND) or 12 (CCCD). */
export const idNumber = z
	.string({ error: 'Vui lòng nhập số CCCD/CMND.' })
	.trim()
	.regex(/^(\d{9}|\d{12})$/, 'Số CCCD/CMND gồm 9 hoặc 12 chữ số.');

/** Optional "dd/mm/yyyy" (d/m/yyyy accepted): a real calendar date, kept as dd/mm/yyyy. */
const birthDate = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
	z
		.string()
		.trim()
		.transform((v, ctx) => {
			const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
			const [d, mo, y] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
			const date = new Date(Date.UTC(y, mo - 1, d));
			const real =
				m &&
				date.getUTCDate() === d &&
				date.getUTCMonth() === mo - 1 &&
				y >= 1900 &&
				date.getTime() <= Date.now();
			if (!real) {
				ctx.addIssue({
					code: 'custom',
					message: 'Ngày sinh không hợp lệ (dd/mm/yyyy, ví dụ 02/09/2005).'
				});
				return z.NEVER;
			}
			return `${String(d).padStart(2, '0')}/${String(mo).padStart(2, '0')}/${y}`;
		})
		.optional()
);

export const registrationSchema = z.object({
	fullName: line('họ và tên', 120),
	phone: z.preprocess(
		(v) => (typeof v === 'string' ? v.replace(/[\s.-]/g, '') : v),
		z
			.string({ error: 'Vui lòng nhập số điện thoại.' })
			.regex(/^(\+84|0)\d{9,10}$/, 'Số điện thoại không hợp lệ (ví dụ 0912345678).')
			.transform((v) => v.replace(/^\+84/, '0'))
	),
	idNumber,
	birthDate,
	unitId: id('đơn vị'),
	/** Each round's results by e-mail (to the account's address; a guest gives one). */
	wantsResults: checkbox,
	consent
});
export type RegistrationInput = z.output<typeof registrationSchema>;

const RESULTS_EMAIL_MISSING = 'Vui lòng nhập email để nhận kết quả.';

/** A guest asking for results by e-mail must say where. */
function requireResultsEmail(
	v: { wantsResults: boolean; resultsEmail?: string },
	ctx: z.RefinementCtx
) {
	if (v.wantsResults && !v.resultsEmail)
		ctx.addIssue({ code: 'custom', path: ['resultsEmail'], message: RESULTS_EMAIL_MISSING });
}

/** Playing a public contest without an account: the ID number is optional there. */
export const guestRegistrationSchema = registrationSchema
	.extend({
		idNumber: z.preprocess(
			(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
			idNumber.optional()
		),
		/** The proof of work the browser solved (see $lib/proof); none without JavaScript. */
		altcha: proofPayload,
		resultsEmail: optionalEmail
	})
	.superRefine(requireResultsEmail);
export type GuestRegistrationInput = z.output<typeof guestRegistrationSchema>;

/** A player turning results by e-mail on or off from the contest page. */
export const resultsMailSchema = z.object({
	wantsResults: checkbox,
	resultsEmail: optionalEmail
});

export const answerSchema = z.object({
	questionId: id('câu hỏi'),
	/** The ids of the chosen options as the attempt's page gave them (choice questions). */
	choice: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z
			.array(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'Phương án không hợp lệ.'))
			.max(8, 'Phương án không hợp lệ.')
	),
	text: z.string().trim().max(300, 'Câu trả lời không được dài quá 300 ký tự.').optional()
});

export const predictionSchema = z.object({
	prediction: z.preprocess(
		(v) =>
			typeof v === 'string' && v.trim() === ''
				? undefined
				: typeof v === 'string'
					? v.replace(/[.\s]/g, '')
					: v,
		z.coerce
			.number({ error: 'Dự đoán phải là một số.' })
			.int('Dự đoán phải là số nguyên.')
			.min(0, 'Dự đoán không được âm.')
			.max(1_000_000_000, 'Dự đoán quá lớn.')
			.optional()
	)
});

export const voidSchema = z.object({
	playerId: id('người dự thi'),
	reason: line('lý do huỷ kết quả', 300).pipe(
		z.string().min(5, 'Lý do huỷ kết quả cần ít nhất 5 ký tự.')
	)
});

/**
 * The answers of the attempt form: field "q<id>" holds an option id (radio), several
 * (checkboxes) or the typed text of a short-answer question ("t<id>"). The form arrives as
 * FormData or as its fields (a repeated name as an array).
 */
export function answersFromForm(form: FormData | Record<string, unknown>) {
	const all = (key: string): string[] => {
		if (form instanceof FormData) return form.getAll(key).map(String);
		const value = form[key];
		return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
	};
	const answers: { questionId: number; choice: string[]; text?: string }[] = [];
	const ids = new Set<number>();
	for (const key of form instanceof FormData ? form.keys() : Object.keys(form)) {
		const match = /^[qt](\d{1,9})$/.exec(key);
		if (match) ids.add(Number(match[1]));
	}
	for (const questionId of ids) {
		const parsed = answerSchema.safeParse({
			questionId,
			choice: all(`q${questionId}`),
			text: all(`t${questionId}`)[0]
		});
		if (parsed.success) answers.push(parsed.data);
	}
	return answers;
}

export const startSchema = z.object({ roundId: id('tuần thi') }).and(predictionSchema);
