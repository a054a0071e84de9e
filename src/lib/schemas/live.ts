import { z } from 'zod';
import { DEFAULT_SECONDS, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, liveModes } from '$lib/shared/live';
import { id, line, optionalLine } from './common';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const count = (label: string, min: number, max: number) =>
	// Blank boxes were turned into undefined (optional) or a default before: this is letters.
	z.coerce
		.number({ error: `${label} phải là một số.` })
		.int(`${label} phải là số nguyên.`)
		.min(min, `${label} tối thiểu là ${min}.`)
		.max(max, `${label} tối đa là ${max}.`);

const optionalCount = (label: string, min: number, max: number) =>
	z.preprocess(blankToUndefined, count(label, min, max).optional());

/** A join code as typed on a phone: case and spaces do not matter. */
export const joinCode = z
	.string({ error: 'Vui lòng nhập mã tham gia.' })
	.transform((v) => v.replace(/\s+/g, '').toUpperCase())
	.refine(
		(v) => v.length === JOIN_CODE_LENGTH && [...v].every((c) => JOIN_CODE_ALPHABET.includes(c)),
		`Mã tham gia gồm ${JOIN_CODE_LENGTH} ký tự, ví dụ K7M2QX.`
	);

export const joinCodeSchema = z.object({ code: joinCode });

/**
 * The create form lists the bank with, per question, an order box, a seconds box and a rescue
 * tick (`order.<id>`, `seconds.<id>`, `rescue.<id>`): distinct names, so a refused form gives
 * every value back. Questions given an order are the game's, in that order, each with its own
 * time (blank: the game's); a ticked one is set aside for rescues, with its own time too.
 * Callers may send `questionIds` and `rescueQuestionIds` instead.
 */
function bankRows(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object') return raw;
	const fields = raw as Record<string, unknown>;
	const rows: { id: string; order: string; seconds: unknown }[] = [];
	const rescue: { id: string; seconds: unknown }[] = [];
	for (const [key, value] of Object.entries(fields)) {
		const [kind, id] = key.split('.');
		if (!id || !/^\d+$/.test(id) || typeof value !== 'string' || !value.trim()) continue;
		if (kind === 'order') rows.push({ id, order: value.trim(), seconds: fields[`seconds.${id}`] });
		if (kind === 'rescue') rescue.push({ id, seconds: fields[`seconds.${id}`] });
	}
	if (!rows.length && !rescue.length) return raw;
	// Invalid order numbers sort last; the schema names them.
	const rank = (order: string) => (/^\d+$/.test(order) ? Number(order) : Infinity);
	rows.sort((a, b) => rank(a.order) - rank(b.order));
	return {
		...fields,
		questionIds: rows.map((r) => r.id),
		questionOrders: rows.map((r) => r.order),
		questionSeconds: rows.map((r) => r.seconds ?? ''),
		...(rescue.length
			? {
					rescueQuestionIds: rescue.map((r) => r.id),
					rescueQuestionSeconds: rescue.map((r) => r.seconds ?? '')
				}
			: {})
	};
}

const liveGameFields = z.object({
	unitId: id('đơn vị tổ chức'),
	title: line('tên trò chơi', 200),
	mode: z.enum(liveModes, { error: 'Vui lòng chọn cách chơi.' }).default('phones'),
	questionIds: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z
			.array(z.coerce.number().int().positive())
			.min(1, 'Vui lòng chọn ít nhất một câu hỏi.')
			.max(100, 'Mỗi trò chơi có tối đa 100 câu hỏi.')
	),
	seconds: z.preprocess(
		blankToUndefined,
		count('Thời gian mỗi câu', 5, 300).default(DEFAULT_SECONDS)
	),
	rescueWhenAtMost: z.preprocess(blankToUndefined, count('Ngưỡng cứu trợ', 0, 1000).default(3)),
	rescueMaxUses: z.preprocess(blankToUndefined, count('Số lượt cứu trợ', 0, 10).default(1)),
	/** Set aside for rescues, separate from the main questions; optional so callers may omit it. */
	rescueQuestionIds: z.preprocess(
		(v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
		z
			.array(z.coerce.number().int().positive())
			.max(20, 'Mỗi trò chơi có tối đa 20 câu hỏi cứu trợ.')
			.optional()
	),
	rescueSeconds: optionalCount('Thời gian câu hỏi cứu trợ', 5, 300),
	/** 1-based in the form, like the host says it ("câu 20"). */
	goldenBellNumber: optionalCount('Câu hỏi chuông vàng', 1, 100),
	goldenBellWhenAtMost: optionalCount('Ngưỡng chuông vàng', 1, 1000),
	/** The order boxes as typed: each a number, no two the same. */
	questionOrders: z
		.array(count('Thứ tự câu hỏi', 1, 100))
		.refine((v) => new Set(v).size === v.length, 'Mỗi thứ tự chỉ dùng cho một câu hỏi.')
		.optional(),
	/** Per question, aligned with `questionIds`: its own time, or undefined for the game's. */
	questionSeconds: z.array(optionalCount('Thời gian câu hỏi', 5, 300)).optional(),
	/** The same for `rescueQuestionIds` (undefined: `rescueSeconds`, else the game's). */
	rescueQuestionSeconds: z.array(optionalCount('Thời gian câu hỏi cứu trợ', 5, 300)).optional()
});

export const liveGameSchema = z.preprocess(bankRows, liveGameFields);
export type LiveGameInput = z.output<typeof liveGameSchema>;

export const joinSchema = z.object({
	displayName: line('tên hiển thị', 60),
	unitName: optionalLine('đơn vị', 120)
});
export type JoinInput = z.output<typeof joinSchema>;

/** An answer: option indexes (choice questions) or typed text (short answers). */
export const answerSchema = z.object({
	position: z.coerce
		.number({ error: 'Câu hỏi không hợp lệ, vui lòng tải lại trang.' })
		.int('Câu hỏi không hợp lệ, vui lòng tải lại trang.')
		.min(0, 'Câu hỏi không hợp lệ, vui lòng tải lại trang.'),
	choice: z.preprocess(
		(v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
		z
			.array(
				z.coerce
					.number({ error: 'Phương án không hợp lệ, vui lòng chọn lại.' })
					.int('Phương án không hợp lệ, vui lòng chọn lại.')
					.min(0, 'Phương án không hợp lệ, vui lòng chọn lại.')
					.max(7, 'Phương án không hợp lệ, vui lòng chọn lại.')
			)
			.max(8, 'Phương án không hợp lệ, vui lòng chọn lại.')
			.optional()
	),
	text: z.preprocess(
		blankToUndefined,
		z
			.string()
			.normalize('NFC')
			.trim()
			.max(200, 'Câu trả lời không được dài quá 200 ký tự.')
			.optional()
	)
});
export type AnswerInput = z.output<typeof answerSchema>;

export const rescueSchema = z.object({
	/** 1-based: everyone who fell at this question or later comes back. */
	sinceNumber: count('Cứu trợ từ câu', 1, 100)
});

export const kickSchema = z.object({ playerId: id('người chơi') });
export const lockSchema = z.object({ locked: z.enum(['0', '1']).transform((v) => v === '1') });

/** Whiteboard mode: the host seats a player (the seat number is given in order). */
export const seatSchema = joinSchema;

/** Whiteboard mode: the players the floor judges marked right (none checked: all wrong). */
export const markSchema = z.object({
	right: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z.array(z.coerce.number().int().positive()).max(10_000)
	)
});
