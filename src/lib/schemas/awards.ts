import { z } from 'zod';
import { awardKinds, recipientTypes } from '$lib/shared/awards';
import { parseVietnameseDate } from '$lib/shared/format';
import { id, line, optionalEmail, optionalId, optionalLine, paragraph } from './common';

const isoDate = (label: string) =>
	z.string({ error: `Vui lòng nhập ${label}.` }).transform((v, ctx) => {
		const iso = parseVietnameseDate(v);
		if (!iso) {
			ctx.addIssue({
				code: 'custom',
				message: `${label[0]!.toUpperCase()}${label.slice(1)} không hợp lệ (dd/mm/yyyy).`
			});
			return z.NEVER;
		}
		return iso;
	});

const kindFields = {
	kind: z.enum(awardKinds, { error: 'Vui lòng chọn hình thức khen thưởng.' }),
	customKind: optionalLine('tên hình thức khen thưởng', 100)
};

function requireCustomKind(v: { kind: string; customKind?: string }, ctx: z.RefinementCtx) {
	if (v.kind === 'custom' && !v.customKind)
		ctx.addIssue({
			code: 'custom',
			path: ['customKind'],
			message: 'Vui lòng nhập tên hình thức khen thưởng.'
		});
}

/** The decision itself: number, date, who issued and signed it. */
export const decisionFields = {
	number: line('số quyết định', 50).refine(
		(v) => /\d/.test(v),
		'Số quyết định phải có số (ví dụ 125-QĐ/BTGTU).'
	),
	decidedOn: isoDate('ngày quyết định'),
	issuer: line('cơ quan ban hành', 200),
	signer: line('người ký', 100),
	signerTitle: optionalLine('chức vụ người ký', 100).transform((v) => v ?? ''),
	citation: paragraph('nội dung khen thưởng', 1000),
	field: optionalLine('lĩnh vực', 100)
};
export const decisionSchema = z.object(decisionFields);
export type DecisionInput = z.output<typeof decisionSchema>;

/**
 * What the confirmation step showed (a digest of who, how many, which award): absent on the
 * first submission, which only previews; a decision is written with it alone.
 */
const confirmation = {
	confirmation: z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.string().trim().max(64).optional()
	)
};

/** Recipients from a campaign's results: the chosen dossiers, one kind for all. */
export const fromCampaignSchema = z
	.object({
		...decisionFields,
		...kindFields,
		...confirmation,
		campaignId: id('đợt tôn vinh'),
		nominationIds: z.preprocess(
			(v) => (v == null ? [] : Array.isArray(v) ? v : [v]),
			z.array(z.coerce.number().int().positive()).min(1, 'Vui lòng chọn ít nhất một hồ sơ.')
		)
	})
	.superRefine(requireCustomKind);
export type FromCampaignInput = z.output<typeof fromCampaignSchema>;

/** Recipients from a contest round: its published winners, each with their prize. */
export const fromRoundSchema = z.object({
	...decisionFields,
	...confirmation,
	roundId: id('tuần thi')
});
export type FromRoundInput = z.output<typeof fromRoundSchema>;

export const fromLiveGameSchema = z.object({
	...decisionFields,
	...confirmation,
	gameId: id('trò chơi')
});
export type FromLiveGameInput = z.output<typeof fromLiveGameSchema>;

const recipientLine = z.object({
	name: line('tên', 200),
	unitName: line('đơn vị', 300),
	position: optionalLine('chức vụ', 200),
	email: optionalEmail
});

const LINE_FORMAT = 'viết “Họ và tên | Đơn vị | Chức vụ | Email”, chức vụ và email có thể bỏ trống';

/**
 * "Họ và tên | Đơn vị | Chức vụ | Email", one recipient per line (the email, optional, is where
 * the recipient is told of the award); already parsed lines (the schema's own output, as tests
 * and scripts pass it) are checked as they are.
 */
const recipientLines = z.unknown().transform((v, ctx) => {
	const missing = 'Vui lòng nhập danh sách được khen thưởng.';
	if (!Array.isArray(v) && typeof v !== 'string') {
		ctx.addIssue({ code: 'custom', message: missing });
		return z.NEVER;
	}
	const rows = Array.isArray(v)
		? v.map((r: { name?: unknown; unitName?: unknown; position?: unknown; email?: unknown }) => [
				r?.name,
				r?.unitName,
				r?.position || undefined,
				r?.email || undefined
			])
		: v
				.split(/\r?\n/)
				.map((s) => s.trim())
				.filter(Boolean)
				.map((s) => s.split('|').map((p) => p.trim()));
	if (rows.length === 0) {
		ctx.addIssue({ code: 'custom', message: missing });
		return z.NEVER;
	}
	if (rows.length > 500) {
		ctx.addIssue({ code: 'custom', message: 'Mỗi quyết định nhập tối đa 500 dòng.' });
		return z.NEVER;
	}
	const out = [];
	for (const [i, [name, unitName, position, email]] of rows.entries()) {
		const parsed = recipientLine.safeParse({ name, unitName, position, email });
		if (!parsed.success) {
			ctx.addIssue({
				code: 'custom',
				message: `Dòng ${i + 1}: ${parsed.error.issues[0]!.message} (${LINE_FORMAT}).`
			});
			return z.NEVER;
		}
		out.push({ ...parsed.data, position: parsed.data.position ?? '' });
	}
	return out;
});

export const manualDecisionSchema = z
	.object({
		...decisionFields,
		...kindFields,
		...confirmation,
		unitId: id('đơn vị ban hành'),
		type: z.enum(recipientTypes, { error: 'Vui lòng chọn cá nhân hay tập thể.' }),
		recipients: recipientLines
	})
	.superRefine(requireCustomKind);
export type ManualDecisionInput = z.output<typeof manualDecisionSchema>;

/** One recipient, added to a decision or corrected. */
const recipientFields = {
	...kindFields,
	type: z.enum(recipientTypes, { error: 'Vui lòng chọn cá nhân hay tập thể.' }),
	name: line('tên', 200),
	unitId: optionalId('đơn vị'),
	unitName: line('đơn vị', 300),
	position: optionalLine('chức vụ', 200).transform((v) => v ?? ''),
	achievement: paragraph('thành tích', 1000),
	field: optionalLine('lĩnh vực', 100)
};
export const recipientSchema = z.object(recipientFields).superRefine(requireCustomKind);
export type RecipientInput = z.output<typeof recipientSchema>;

/** A recipient added to an issued decision: told of the award at this address, if given. */
export const newRecipientSchema = z
	.object({ ...recipientFields, email: optionalEmail })
	.superRefine(requireCustomKind);

const reason = line('lý do', 500);
export const correctDecisionSchema = z.object({ ...decisionFields, reason });
export const correctRecipientSchema = z
	.object({ ...recipientFields, reason })
	.superRefine(requireCustomKind);
export const revokeSchema = z.object({ reason });

/** How an issuing unit's certificates are signed off; blank means the default. */
export const awardSettingsSchema = z.object({
	unitId: id('đơn vị'),
	placeName: optionalLine('địa danh', 100),
	authorityLine: optionalLine('dòng thẩm quyền ký', 100)
});
export type AwardSettingsInput = z.output<typeof awardSettingsSchema>;

/** Honour-roll filters from the query string; anything odd is simply ignored. */
export const honourFilterSchema = z.object({
	q: z.string().normalize('NFC').trim().max(100).catch(''),
	year: z.coerce.number().int().min(1900).max(3000).optional().catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	field: z.string().normalize('NFC').trim().max(100).catch(''),
	kind: z.enum(awardKinds).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(1000).catch(1)
});
export type HonourFilter = z.output<typeof honourFilterSchema>;
