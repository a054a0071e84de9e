import { z } from 'zod';
import {
	categoryKinds,
	genders,
	phaseKinds,
	type Achievement,
	type CategoryKind,
	type Nominee,
	type PhaseKind
} from '$lib/shared/campaigns';
import { parseVietnameseDate } from '$lib/shared/format';
import { BAD_CHARACTERS, id, line, optionalEmail, optionalLine, paragraph } from './common';
import { retentionMonths } from './privacy';

export const campaignSchema = z.object({
	organizingUnitId: id('đơn vị tổ chức'),
	title: line('tên đợt', 300),
	description: paragraph('mô tả', 10_000),
	year: z.coerce
		.number({ error: 'Năm phải là một số.' })
		.int('Năm phải là số nguyên.')
		.min(2000, 'Năm không hợp lệ.')
		.max(2100, 'Năm không hợp lệ.'),
	retentionMonths
});

export const categorySchema = z.object({
	kind: z.enum(categoryKinds, { error: 'Vui lòng chọn loại đối tượng.' }),
	name: line('tên hạng mục', 200),
	field: optionalLine('lĩnh vực', 100),
	quotaPerUnit: z.coerce
		.number({ error: 'Chỉ tiêu phải là một số.' })
		.int('Chỉ tiêu phải là số nguyên.')
		.min(1, 'Chỉ tiêu ít nhất là 1.')
		.max(1000, 'Chỉ tiêu quá lớn.')
});

/** "2026-11-25T08:00" from a datetime-local input, read as Vietnam time (UTC+7). */
const localDateTime = (label: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label} không hợp lệ.`)
		.transform((v) => new Date(`${v}:00+07:00`))
		.refine((d) => !Number.isNaN(d.getTime()), `${label} không hợp lệ.`);

const emptyToUndefined = (v: unknown) => (v === '' || v == null ? undefined : v);

/** Each phase comes as `<kind>Start` and `<kind>End`; nomination is required, others optional. */
export const phasesSchema = z
	.object(
		Object.fromEntries(
			phaseKinds.flatMap((kind) => [
				[
					`${kind}Start`,
					z.preprocess(emptyToUndefined, localDateTime('Thời điểm bắt đầu').optional())
				],
				[
					`${kind}End`,
					z.preprocess(emptyToUndefined, localDateTime('Thời điểm kết thúc').optional())
				]
			])
		) as unknown as Record<`${PhaseKind}${'Start' | 'End'}`, z.ZodType<Date | undefined>>
	)
	.superRefine((value, ctx) => {
		for (const kind of phaseKinds) {
			const start = value[`${kind}Start`];
			const end = value[`${kind}End`];
			if (kind === 'nomination' || start || end) {
				if (!start)
					ctx.addIssue({
						code: 'custom',
						path: [`${kind}Start`],
						message: 'Vui lòng chọn thời điểm bắt đầu.'
					});
				if (!end)
					ctx.addIssue({
						code: 'custom',
						path: [`${kind}End`],
						message: 'Vui lòng chọn thời điểm kết thúc.'
					});
			}
		}
	})
	.transform((value) =>
		phaseKinds.flatMap((kind) => {
			const startsAt = value[`${kind}Start`];
			const endsAt = value[`${kind}End`];
			return startsAt && endsAt ? [{ kind, startsAt, endsAt }] : [];
		})
	);

const birthYear = z.coerce
	.number({ error: 'Năm sinh phải là một số.' })
	.int('Năm sinh không hợp lệ.')
	.min(1900, 'Năm sinh không hợp lệ.')
	.max(2030, 'Năm sinh không hợp lệ.');

const nomineeFields = {
	individual: {
		fullName: line('họ và tên', 100),
		gender: z.enum(genders, { error: 'Vui lòng chọn giới tính.' }),
		birthYear,
		ethnicity: line('dân tộc', 50),
		position: line('chức vụ', 200),
		workplace: line('đơn vị công tác', 300),
		/** Optional: the nominee is told there when awarded. */
		email: optionalEmail
	},
	collective: {
		name: line('tên tập thể', 300),
		memberCount: z.coerce
			.number({ error: 'Số thành viên phải là một số.' })
			.int('Số thành viên phải là số nguyên.')
			.min(1, 'Số thành viên ít nhất là 1.')
			.max(1_000_000, 'Số thành viên quá lớn.'),
		head: line('người đứng đầu', 100)
	},
	work: {
		title: line('tên tác phẩm', 300),
		authors: line('tác giả', 300),
		publishedIn: line('nơi đăng, phát', 300),
		publishedOn: z.string({ error: 'Vui lòng nhập ngày đăng.' }).transform((v, ctx) => {
			const iso = parseVietnameseDate(v);
			if (!iso) {
				ctx.addIssue({ code: 'custom', message: 'Ngày đăng không hợp lệ (dd/mm/yyyy).' });
				return z.NEVER;
			}
			return iso;
		}),
		link: z.preprocess(
			emptyToUndefined,
			z
				.url({ protocol: /^https?$/, error: 'Đường dẫn phải bắt đầu bằng http:// hoặc https://.' })
				.max(1000, 'Đường dẫn quá dài.')
				.optional()
		)
	}
} as const;

const asArray = (v: unknown) => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** Achievements come as parallel lists of dates and texts; blank pairs are dropped. */
function readAchievements(dates: string[], texts: string[], ctx: z.RefinementCtx): Achievement[] {
	const items: Achievement[] = [];
	texts.forEach((rawText, i) => {
		const text = rawText.trim();
		const rawDate = (dates[i] ?? '').trim();
		if (!text && !rawDate) return;
		const date = parseVietnameseDate(rawDate);
		const n = i + 1;
		if (!date)
			ctx.addIssue({
				code: 'custom',
				path: ['achievementDate'],
				message: `Thành tích ${n}: ngày không hợp lệ (dd/mm/yyyy).`
			});
		if (!text)
			ctx.addIssue({
				code: 'custom',
				path: ['achievementText'],
				message: `Thành tích ${n}: vui lòng nhập nội dung.`
			});
		if (text.length > 1000)
			ctx.addIssue({
				code: 'custom',
				path: ['achievementText'],
				message: `Thành tích ${n}: không quá 1000 ký tự.`
			});
		if (BAD_CHARACTERS.test(text))
			ctx.addIssue({
				code: 'custom',
				path: ['achievementText'],
				message: `Thành tích ${n}: chứa ký tự không hợp lệ.`
			});
		if (date && text) items.push({ date, text });
	});
	if (items.length > 50)
		ctx.addIssue({ code: 'custom', path: ['achievementText'], message: 'Tối đa 50 thành tích.' });
	return items;
}

/** A dossier's form for a category kind: the nominee's fields, summary, narrative, achievements. */
export function dossierSchema<K extends CategoryKind>(kind: K) {
	return z
		.object({
			...nomineeFields[kind],
			summary: paragraph('tóm tắt', 1000),
			narrative: paragraph('bài viết giới thiệu', 20_000),
			achievementDate: z.preprocess(asArray, z.array(z.string().max(20))),
			achievementText: z.preprocess(
				asArray,
				z.array(z.string().normalize('NFC').max(5000, 'Thành tích quá dài.'))
			)
		})
		.transform((value, ctx) => {
			const { summary, narrative, achievementDate, achievementText, ...fields } = value as Record<
				string,
				unknown
			> & {
				summary: string;
				narrative: string;
				achievementDate: string[];
				achievementText: string[];
			};
			return {
				nominee: { kind, ...fields } as Nominee,
				summary,
				narrative,
				achievements: readAchievements(achievementDate, achievementText, ctx)
			};
		});
}

export type DossierInput = z.output<ReturnType<typeof dossierSchema>>;

export const reasonSchema = z.object({ reason: paragraph('lý do', 2000, { required: true }) });

export type CampaignInput = z.infer<typeof campaignSchema>;
export type CategoryInput = z.infer<typeof categorySchema>;
export type PhasesInput = z.infer<typeof phasesSchema>;

/** A unit's places in a category; blank gives the unit the category's quota again. */
export const unitPlaces = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() === '' ? null : v),
	z.coerce
		.number({ error: 'Số suất phải là một số.' })
		.int('Số suất phải là số nguyên.')
		.min(0, 'Số suất không được âm.')
		.max(1000, 'Số suất quá lớn.')
		.nullable()
);

/** The name of a quota table's cell: `q.<categoryId>.<unitId>`. */
export const quotaField = (categoryId: number, unitId: number) => `q.${categoryId}.${unitId}`;
const QUOTA_FIELD = /^q\.(\d+)\.(\d+)$/;

/** The boxes of a posted quota table (`q.<categoryId>.<unitId>`) as cells; typed input passes. */
function boxesToCells(raw: unknown) {
	if (typeof raw !== 'object' || raw === null || 'cells' in raw) return raw;
	const { campaignId, ...boxes } = raw as Record<string, unknown>;
	const cells = Object.entries(boxes).flatMap(([field, places]) => {
		const match = QUOTA_FIELD.exec(field);
		return match ? [{ field, categoryId: Number(match[1]), unitId: Number(match[2]), places }] : [];
	});
	return { campaignId, cells };
}

/** The quota table: one box per unit and category, a wrong box named by its own field. */
export const unitQuotasSchema = z.preprocess(
	boxesToCells,
	z
		.object({
			campaignId: id('đợt'),
			cells: z
				.array(
					z.object({
						field: z.string(),
						categoryId: z.number().int().positive(),
						unitId: z.number().int().positive(),
						places: z.unknown()
					})
				)
				.max(50_000, 'Bảng chỉ tiêu quá lớn.')
		})
		.transform(({ campaignId, cells }, ctx) => ({
			campaignId,
			cells: cells.flatMap((cell) => {
				const places = unitPlaces.safeParse(cell.places);
				if (places.success) return [{ ...cell, places: places.data }];
				ctx.addIssue({
					code: 'custom',
					path: [cell.field],
					message: places.error.issues[0]!.message
				});
				return [];
			})
		}))
);

/** The archive of a finished campaign (hồ sơ lưu trữ), downloaded as one zip. */
export const campaignArchiveSchema = z.object({ campaignId: id('đợt') });
