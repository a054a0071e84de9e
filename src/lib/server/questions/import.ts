/** Questions from a spreadsheet: the columns it reads, each row checked, and the import itself. */
import { id } from '$lib/schemas/common';
import {
	normaliseQuestion,
	questionFields,
	questionImportSchema,
	type QuestionInput
} from '$lib/schemas/questions';
import { formatNumber } from '$lib/shared/format';
import {
	difficultyLabels,
	questionTypeLabels,
	questionTypes,
	type QuestionType
} from '$lib/shared/questions';
import { foldVietnamese } from '$lib/shared/text';
import { can } from '../auth/policy';
import type { Question } from '../db/schema';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	uploadedFile,
	type ImportColumn,
	type ImportSpec
} from '../files/import-reader';
import { defineUseCase } from '../usecase';
import { LOCKED, ownerUnit, snapshot, updateQuestion } from './editing';
import * as repo from './repo';
import { findNearDuplicate, questionFingerprint, questionShapeErrors, sameContent } from './rules';

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
type OptionKey = `option${(typeof LETTERS)[number]}`;
const optionKey = (letter: string) => `option${letter}` as OptionKey;

export const questionImportHeaders = [
	'Loại',
	'Câu hỏi',
	...LETTERS.map((l) => `Phương án ${l}`),
	'Đáp án',
	'Bỏ qua dấu',
	'Chủ đề',
	'Mức độ',
	'Giải thích',
	'Nguồn'
];

type QuestionColumn =
	| 'id'
	| 'type'
	| 'prompt'
	| OptionKey
	| 'answer'
	| 'ignoreDiacritics'
	| 'topic'
	| 'difficulty'
	| 'explanation'
	| 'source';

export const questionImportSpec: ImportSpec<QuestionColumn> = {
	columns: {
		id: { name: 'Mã câu hỏi', aliases: ['ma cau hoi', 'id'] },
		type: { name: 'Loại', aliases: ['loai', 'loai cau hoi', 'hinh thuc', 'type'] },
		prompt: {
			name: 'Câu hỏi',
			aliases: ['cau hoi', 'noi dung', 'noi dung cau hoi', 'prompt'],
			required: true
		},
		...(Object.fromEntries(
			LETTERS.map((l) => {
				const a = l.toLowerCase();
				return [
					optionKey(l),
					{ name: `Phương án ${l}`, aliases: [`phuong an ${a}`, `dap an ${a}`, a] }
				];
			})
		) as Record<OptionKey, ImportColumn>),
		answer: { name: 'Đáp án', aliases: ['dap an', 'dap an dung', 'answer'], required: true },
		ignoreDiacritics: { name: 'Bỏ qua dấu', aliases: ['bo qua dau', 'khong phan biet dau'] },
		topic: { name: 'Chủ đề', aliases: ['chu de', 'linh vuc', 'topic'] },
		difficulty: { name: 'Mức độ', aliases: ['muc do', 'do kho', 'difficulty'] },
		explanation: { name: 'Giải thích', aliases: ['giai thich', 'explanation'] },
		source: { name: 'Nguồn', aliases: ['nguon', 'nguon tai lieu', 'tai lieu', 'source'] }
	},
	maxRows: 2000,
	tooMany: 'Mỗi lần nhập tối đa 2.000 câu hỏi.'
};

const columnNames: Record<string, string> = {
	...columnNamesOf(questionImportSpec.columns),
	options: 'Phương án',
	correct: 'Đáp án',
	acceptedAnswers: 'Đáp án'
};

const typeByName = new Map<string, QuestionType>(
	questionTypes.flatMap((t) => [
		[t, t] as [string, QuestionType],
		[foldVietnamese(questionTypeLabels[t]), t] as [string, QuestionType]
	])
);
for (const [alias, t] of [
	['mot dap an', 'single'],
	['nhieu dap an', 'multiple'],
	['dung/sai', 'true_false'],
	['dung sai', 'true_false'],
	['ngan', 'short'],
	['tu luan ngan', 'short']
] as const)
	typeByName.set(alias, t);

const difficultyByName: Record<string, string> = { de: '1', 'trung binh': '2', kho: '3' };
const DEFAULT_DIFFICULTY = 2;

/**
 * Turns a sheet row into the form's shape, so one schema checks both. A blank type is inferred
 * from the options and the answer, a blank difficulty is "Trung bình" (public banks have
 * neither); an empty option before a filled one is refused, since closing the gap would make
 * the answer letter point at another option.
 */
function rowToForm(cells: Record<QuestionColumn, string>) {
	const answer = cells.answer;
	const raw = LETTERS.map((l) => cells[optionKey(l)]);
	const lastFilled = raw.findLastIndex(Boolean);
	const foldedAnswer = foldVietnamese(answer);
	const inferredType: QuestionType | null = cells.type
		? null
		: lastFilled >= 0
			? answer.replace(/[^A-Ha-h]/g, '').length > 1
				? 'multiple'
				: 'single'
			: foldedAnswer === 'dung' || foldedAnswer === 'sai'
				? 'true_false'
				: 'short';
	const type = inferredType ?? typeByName.get(foldVietnamese(cells.type)) ?? cells.type;
	const messages: string[] = [];
	if (type !== 'short' && type !== 'true_false') {
		const gaps = raw.flatMap((option, i) => (!option && i < lastFilled ? [LETTERS[i]] : []));
		if (gaps.length)
			messages.push(
				`Cột "Phương án ${gaps.join('", "Phương án ')}": để trống trong khi phương án sau có nội dung. Hãy điền đủ hoặc dồn các phương án lên rồi sửa lại đáp án.`
			);
	}
	let correct = answer;
	if (type === 'true_false')
		correct =
			foldedAnswer === 'dung' || foldedAnswer === 'a'
				? 'A'
				: foldedAnswer === 'sai' || foldedAnswer === 'b'
					? 'B'
					: answer;
	return {
		form: {
			type,
			prompt: cells.prompt,
			options: raw.filter(Boolean).join('\n'),
			correct: type === 'short' ? '' : correct,
			acceptedAnswers: type === 'short' ? answer.split(/;|\|/).join('\n') : '',
			ignoreDiacritics: cells.ignoreDiacritics,
			topic: cells.topic,
			difficulty: cells.difficulty
				? (difficultyByName[foldVietnamese(cells.difficulty)] ?? cells.difficulty)
				: String(DEFAULT_DIFFICULTY),
			explanation: cells.explanation,
			source: cells.source
		},
		messages,
		typeInferred: inferredType !== null,
		difficultyDefaulted: !cells.difficulty
	};
}

/** Every problem of a row: its cells, the gaps between options, and the question's shape. */
function checkRow(cells: Record<QuestionColumn, string>) {
	const { form, messages, typeInferred, difficultyDefaulted } = rowToForm(cells);
	const { values, messages: fieldMessages } = parseRowFields(questionFields, form, columnNames);
	messages.push(...fieldMessages);
	const { type, options, correct, acceptedAnswers } = values;
	if (type && options && correct && acceptedAnswers) {
		const shape = questionShapeErrors(
			normaliseQuestion({ ...(values as QuestionInput), type, options, correct, acceptedAnswers })
		);
		messages.push(...Object.entries(shape).map(([k, v]) => `Cột "${columnNames[k] ?? k}": ${v}`));
	}
	let id: number | null = null;
	if (cells.id) {
		id = /^\d{1,9}$/.test(cells.id) ? Number(cells.id) : null;
		if (!id) messages.push('Cột "Mã câu hỏi": phải là số, như trong tệp xuất từ ngân hàng.');
	}
	const input = messages.length === 0 ? normaliseQuestion(values as QuestionInput) : null;
	return { input, id, messages, typeInferred, difficultyDefaulted };
}

export interface QuestionImportReport {
	/** Questions written: added, or updated through their "Mã câu hỏi". */
	imported: number;
	added: number;
	updated: number;
	/** Rows with a "Mã câu hỏi" that say what the bank already says. */
	unchanged: number;
	total: number;
	errors: { rowNumber: number; messages: string[] }[];
	/** Rows that look like a question already in the bank or earlier in the file. */
	warnings: { rowNumber: number; messages: string[] }[];
	/** Rows left out as exact duplicates (when asked to skip them). */
	skipped: { rowNumber: number; messages: string[] }[];
	/** What the import filled in or inferred, said once for the whole file. */
	notices: string[];
}

function rowList(rows: number[]): string {
	const shown = rows.slice(0, 10).join(', ');
	return rows.length > 10 ? `${shown}, …` : shown;
}

/** Checks every row of the sheet, outside the bank: cells, shapes, repeated "Mã câu hỏi". */
function checkSheet(sheet: { rowNumber: number; cells: Record<QuestionColumn, string> }[]) {
	const errors = new RowErrors();
	const checked: { rowNumber: number; id: number | null; input: QuestionInput | null }[] = [];
	const inferred: number[] = [];
	const defaulted: number[] = [];
	const rowOfId = new Map<number, number>();
	for (const row of sheet) {
		const result = checkRow(row.cells);
		errors.add(row.rowNumber, ...result.messages);
		if (result.typeInferred) inferred.push(row.rowNumber);
		if (result.difficultyDefaulted) defaulted.push(row.rowNumber);
		if (result.id) {
			const earlier = rowOfId.get(result.id);
			if (earlier) errors.add(row.rowNumber, `Mã câu hỏi ${result.id} trùng với dòng ${earlier}.`);
			else rowOfId.set(result.id, row.rowNumber);
		}
		checked.push({ rowNumber: row.rowNumber, id: result.id, input: result.input });
	}
	const notices: string[] = [];
	if (defaulted.length)
		notices.push(
			`${formatNumber(defaulted.length)} dòng để trống Mức độ (dòng ${rowList(defaulted)}): đã ghi là ${difficultyLabels[DEFAULT_DIFFICULTY]}. Có thể sửa từng câu trong ngân hàng.`
		);
	if (inferred.length)
		notices.push(
			`${formatNumber(inferred.length)} dòng để trống Loại (dòng ${rowList(inferred)}): đã suy ra từ phương án và đáp án.`
		);
	return { errors, checked, ids: [...rowOfId.keys()], notices };
}

const importInput = questionImportSchema.extend({
	unitId: id('đơn vị sở hữu'),
	file: uploadedFile,
	// Callers from before the choice existed skip exact duplicates.
	duplicates: questionImportSchema.shape.duplicates.default('skip')
});

/**
 * Imports questions into a unit's bank. With "all-or-nothing" any bad row stops the import
 * and nothing is written; with "good-rows" the good rows go in. A row with a "Mã câu hỏi"
 * (the bank's own export) updates that question (audited as an edit, through updateQuestion);
 * a row exactly like a question of the bank or an earlier row is skipped or refused
 * (`duplicates`); near-duplicates are pointed out but still imported (the organizer decides).
 */
export const importQuestions = defineUseCase({
	name: 'question.import',
	input: importInput,
	load: ({ db }, input) => ownerUnit(db, input.unitId),
	authorize: (_actor, unit) => ({
		action: 'question.manage',
		resource: { kind: 'unit', path: unit.path }
	}),
	run: async (scope, { file, mode, duplicates }, unit) => {
		const { db, actor } = scope;
		const { rows: sheet } = await readImportRows(file, questionImportSpec);
		const { errors, checked, ids, notices } = checkSheet(sheet);

		// Locked like a single edit: a round opening meanwhile must not miss an update.
		const stored = new Map((await repo.findQuestionsForUpdate(db, ids)).map((q) => [q.id, q]));
		const updates: { rowNumber: number; input: QuestionInput; before: Question }[] = [];
		let unchanged = 0;
		for (const row of checked) {
			if (!row.id) continue;
			const before = stored.get(row.id);
			if (!before || !can(actor, 'question.manage', { kind: 'unit', path: before.unitPath })) {
				errors.add(
					row.rowNumber,
					`Không tìm thấy câu hỏi có mã ${row.id} trong ngân hàng của bạn.`
				);
				continue;
			}
			if (!row.input) continue;
			if (sameContent(row.input, before)) unchanged++;
			else if (before.lockedAt) errors.add(row.rowNumber, LOCKED);
			else updates.push({ rowNumber: row.rowNumber, input: row.input, before });
		}

		const bank = await repo.listForComparison(db, [unit.path]);
		const exact = new Map(
			bank.map((q) => [questionFingerprint(q), `câu hỏi số ${q.id} trong ngân hàng`])
		);
		const known = bank.map((q) => ({ ...q, label: `câu hỏi số ${q.id} trong ngân hàng` }));
		const warnings: QuestionImportReport['warnings'] = [];
		const skipped: QuestionImportReport['skipped'] = [];
		const additions: { rowNumber: number; input: QuestionInput }[] = [];
		for (const { rowNumber, id, input } of checked) {
			if (id || !input || errors.has(rowNumber)) continue;
			const fingerprint = questionFingerprint(input);
			const same = exact.get(fingerprint);
			if (same) {
				const message = `Trùng hoàn toàn với ${same}.`;
				if (duplicates === 'refuse') errors.add(rowNumber, message);
				else skipped.push({ rowNumber, messages: [`${message} Đã bỏ qua.`] });
				continue;
			}
			exact.set(fingerprint, `dòng ${rowNumber}`);
			const near = findNearDuplicate(input, known);
			if (near)
				warnings.push({
					rowNumber,
					messages: [
						`Gần trùng với ${near.match.label} (giống ${Math.round(near.similarity * 100)}%).`
					]
				});
			known.push({ id: 0, ...input, label: `dòng ${rowNumber}` });
			additions.push({ rowNumber, input });
		}
		const report = {
			total: sheet.length,
			errors: errors.list(),
			warnings,
			skipped,
			notices
		};
		if (errors.size > 0 && mode === 'all-or-nothing')
			return { ...report, imported: 0, added: 0, updated: 0, unchanged, written: [] };

		const written: { q: Question; row: number }[] = [];
		for (const { rowNumber, input } of additions) {
			const q = await repo.insertQuestion(db, input, {
				unitId: unit.id,
				unitPath: unit.path,
				createdById: actor.id
			});
			written.push({ q, row: rowNumber });
		}
		for (const { rowNumber, input, before } of updates) {
			await updateQuestion(scope, {
				...input,
				id: before.id,
				importedFrom: { file: file.name, row: rowNumber }
			});
		}
		return {
			...report,
			imported: additions.length + updates.length,
			added: additions.length,
			updated: updates.length,
			unchanged,
			written
		};
	},
	audit: ({ written }, { file }) =>
		written.map(({ q, row }) => ({
			entityType: 'question',
			entityId: q.id,
			unitPath: q.unitPath,
			after: { ...snapshot(q), file: file.name, row }
		})),
	present: ({ written: _written, ...report }): QuestionImportReport => report
});
