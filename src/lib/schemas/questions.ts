import { z } from 'zod';
import { TRUE_FALSE_OPTIONS, questionTypes } from '$lib/shared/questions';
import { foldVietnamese } from '$lib/shared/text';
import { BAD_CHARACTERS, MARKUP, line, optionalLine } from './common';

/** A multi-line box, trimmed; markup and control characters refused. */
function text(label: string, max: number) {
	return z
		.string()
		.normalize('NFC')
		.trim()
		.max(max, `${label} không được dài quá ${max} ký tự.`)
		.refine((v) => !MARKUP.test(v), `${label} không được chứa ký tự < hoặc >.`)
		.refine(
			(v) => !BAD_CHARACTERS.test(v.replace(/[\n\r\t]/g, ' ')),
			`${label} chứa ký tự không hợp lệ.`
		);
}

const lines = (label: string) =>
	z.preprocess(
		(v) =>
			(Array.isArray(v) ? v : String(v ?? '').split(/\r?\n/))
				.map((s) => String(s).trim())
				.filter(Boolean),
		z.array(line(label, 300)).max(8, `Tối đa 8 dòng cho ${label}.`)
	);

const LETTERS = 'ABCDEFGH';

/** "A, C" → [0, 2]; letters only. Indexes (a parsed question) pass as their letters. */
const correctLetters = z.preprocess(
	(v) =>
		Array.isArray(v) && v.every((i) => typeof i === 'number')
			? v.map((i) => LETTERS[i] ?? '?').join(',')
			: String(v ?? '').toUpperCase(),
	z
		.string()
		.regex(/^[\sA-H,;]*$/, 'Đáp án đúng ghi bằng chữ cái của phương án, ví dụ: A hoặc A, C.')
		.transform((v) => [
			...new Set(
				v
					.replace(/[^A-H]/g, '')
					.split('')
					.map((c) => LETTERS.indexOf(c))
			)
		])
);

export const questionTypeField = z.enum(questionTypes, { error: 'Vui lòng chọn loại câu hỏi.' });

export const difficulty = z.coerce
	.number({ error: 'Vui lòng chọn mức độ.' })
	.int('Vui lòng chọn mức độ.')
	.min(1, 'Mức độ là 1 (dễ), 2 (trung bình) hoặc 3 (khó).')
	.max(3, 'Mức độ là 1 (dễ), 2 (trung bình) hoặc 3 (khó).');

// A form's checkbox, or "có" (or TRUE, from a boolean cell) in a spreadsheet.
const checkbox = z.preprocess(
	(v) =>
		v === 'on' ||
		v === true ||
		v === '1' ||
		String(v ?? '').toLowerCase() === 'true' ||
		foldVietnamese(String(v ?? '')) === 'co',
	z.boolean()
);

/** The fields of a question as a form or an imported row gives them, one by one. */
export const questionFields = {
	type: questionTypeField,
	prompt: text('Nội dung câu hỏi', 1000).pipe(
		z.string().min(5, 'Vui lòng nhập nội dung câu hỏi (ít nhất 5 ký tự).')
	),
	options: lines('phương án'),
	correct: correctLetters,
	acceptedAnswers: lines('đáp án chấp nhận'),
	ignoreDiacritics: checkbox,
	topic: line('chủ đề', 120),
	difficulty,
	explanation: text('Giải thích', 2000).default(''),
	source: optionalLine('nguồn tài liệu', 300).transform((v) => v ?? '')
};

/** A question as a form or an imported row gives it. */
export const questionSchema = z
	.object(questionFields)
	.transform((q): QuestionInput => normaliseQuestion(q));

/** Keeps only the fields of the chosen type (true/false always has the options Đúng, Sai). */
export function normaliseQuestion(q: QuestionInput): QuestionInput {
	if (q.type === 'true_false')
		return { ...q, options: [...TRUE_FALSE_OPTIONS], acceptedAnswers: [] };
	if (q.type === 'short') return { ...q, options: [], correct: [] };
	return { ...q, acceptedAnswers: [] };
}

export interface QuestionInput {
	type: (typeof questionTypes)[number];
	prompt: string;
	options: string[];
	correct: number[];
	acceptedAnswers: string[];
	ignoreDiacritics: boolean;
	topic: string;
	difficulty: number;
	explanation: string;
	source: string;
}

export const questionSearchSchema = z.object({
	q: z.string().trim().max(100).optional().default(''),
	topic: z.string().trim().max(120).optional().default(''),
	status: z.enum(['draft', 'approved', 'retired', '']).optional().default('')
});

export const importModeSchema = z.object({
	mode: z.enum(['all-or-nothing', 'good-rows'], { error: 'Vui lòng chọn cách nhập.' })
});

/** What to do with a row that is exactly a question already in the bank (or earlier in the file). */
export const duplicateModes = ['skip', 'refuse'] as const;
export type DuplicateMode = (typeof duplicateModes)[number];

export const questionImportSchema = importModeSchema.extend({
	duplicates: z.enum(duplicateModes, { error: 'Vui lòng chọn cách xử lý câu hỏi trùng.' })
});

/** Questions ticked in the bank's list to approve at once. */
export const approveManySchema = z.object({
	ids: z.preprocess(
		(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
		z
			.array(z.coerce.number().int().positive())
			.min(1, 'Vui lòng chọn ít nhất một câu hỏi để duyệt.')
			.max(1000, 'Mỗi lần duyệt tối đa 1.000 câu hỏi.')
	)
});

export const letterOf = (index: number) => LETTERS[index] ?? '?';
