import { z } from 'zod';
import { assignmentModes } from '$lib/shared/judging';
import { checkbox, email, line, paragraph } from './common';

const optionalNumber = (label: string, options: { int?: boolean; min: number; max: number }) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
		z.coerce
			.number({ error: `${label} phải là một số.` })
			.refine((n) => !options.int || Number.isInteger(n), `${label} phải là số nguyên.`)
			.refine(
				(n) => n >= options.min && n <= options.max,
				`${label} phải từ ${options.min} đến ${options.max}.`
			)
			.optional()
	);

export const panelSettingsSchema = z
	.object({
		assignmentMode: z.enum(assignmentModes, { error: 'Vui lòng chọn cách phân công.' }),
		judgesPerDossier: optionalNumber('Số giám khảo mỗi hồ sơ', { int: true, min: 1, max: 50 }),
		revealAfterSubmit: checkbox,
		normalize: checkbox,
		spreadThreshold: optionalNumber('Ngưỡng chênh lệch', { min: 0, max: 10_000 }),
		juryWeight: z.preprocess(
			(v) => (typeof v === 'string' && v.trim() === '' ? '70' : (v ?? '70')),
			z.coerce
				.number({ error: 'Tỉ trọng phải là một số.' })
				.int('Tỉ trọng phải là số nguyên.')
				.min(0, 'Tỉ trọng phải từ 0 đến 100.')
				.max(100, 'Tỉ trọng phải từ 0 đến 100.')
		)
	})
	.superRefine((v, context) => {
		if (v.assignmentMode === 'k' && v.judgesPerDossier === undefined) {
			context.addIssue({
				code: 'custom',
				path: ['judgesPerDossier'],
				message: 'Vui lòng nhập số giám khảo chấm mỗi hồ sơ.'
			});
		}
	});
export type PanelSettingsInput = z.output<typeof panelSettingsSchema>;

export const criterionSchema = z.object({
	categoryId: z.coerce.number().int().positive('Vui lòng chọn hạng mục.'),
	name: line('tên tiêu chí', 200),
	description: paragraph('mô tả tiêu chí', 2000),
	maxScore: z.coerce
		.number({ error: 'Điểm tối đa phải là một số.' })
		.int('Điểm tối đa phải là số nguyên.')
		.min(1, 'Điểm tối đa ít nhất là 1.')
		.max(1000, 'Điểm tối đa không quá 1000.'),
	weight: z.preprocess(
		(v) => (typeof v === 'string' ? v.trim().replace(',', '.') || '1' : (v ?? '1')),
		z.coerce
			.number({ error: 'Trọng số phải là một số.' })
			.positive('Trọng số phải lớn hơn 0.')
			.max(100, 'Trọng số không quá 100.')
	)
});
export type CriterionInput = z.output<typeof criterionSchema>;

export const judgeEmailSchema = z.object({ email });

export const conflictSchema = z.object({
	reason: paragraph('lý do', 1000, { required: true })
});

export const shortlistSchema = z.discriminatedUnion(
	'rule',
	[
		z.object({
			rule: z.literal('top'),
			count: z.coerce
				.number({ error: 'Số hồ sơ phải là một số.' })
				.int('Số hồ sơ phải là số nguyên.')
				.min(1, 'Chọn ít nhất 1 hồ sơ mỗi hạng mục.')
				.max(1000, 'Số hồ sơ quá lớn.')
		}),
		z.object({
			rule: z.literal('threshold'),
			minScore: z.preprocess(
				(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
				z.coerce
					.number({ error: 'Vui lòng nhập ngưỡng điểm.' })
					.min(0, 'Ngưỡng điểm không được âm.')
			)
		})
	],
	{ error: 'Vui lòng chọn cách lập danh sách.' }
);
export type ShortlistInput = z.output<typeof shortlistSchema>;

const SCORE = /^-?\d{1,4}([.,]\d{1,2})?$/;

/**
 * A judge's sheet: fields score_<criterionId> (blank = not scored yet) and comment_<id>, and
 * the intent (save a draft or submit). The rubric's own limits are checked by the service.
 */
export const scoreSheetSchema = z.record(z.string(), z.unknown()).transform((raw, context) => {
	const entries = new Map<number, { criterionId: number; score: number | null; comment: string }>();
	const entry = (criterionId: number) => {
		if (!entries.has(criterionId))
			entries.set(criterionId, { criterionId, score: null, comment: '' });
		return entries.get(criterionId)!;
	};
	for (const [key, value] of Object.entries(raw)) {
		const match = /^(score|comment)_(\d{1,9})$/.exec(key);
		if (!match) continue;
		if (typeof value !== 'string') {
			context.addIssue({ code: 'custom', path: [key], message: 'Giá trị không hợp lệ.' });
			continue;
		}
		const target = entry(Number(match[2]));
		const text = value.trim();
		if (match[1] === 'comment') {
			if (text.length > 2000) {
				context.addIssue({
					code: 'custom',
					path: [key],
					message: 'Nhận xét không được dài quá 2000 ký tự.'
				});
			}
			target.comment = text;
		} else if (text !== '') {
			if (!SCORE.test(text)) {
				context.addIssue({
					code: 'custom',
					path: [`score_${match[2]}`],
					message: 'Điểm phải là một số (tối đa 2 chữ số thập phân).'
				});
			} else target.score = Number(text.replace(',', '.'));
		}
	}
	const intent = raw.intent === 'submit' ? 'submit' : 'save';
	return { intent, entries: [...entries.values()] } as const;
});
export type ScoreSheetInput = z.output<typeof scoreSheetSchema>;
