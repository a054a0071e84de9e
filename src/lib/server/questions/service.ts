import { normaliseQuestion, questionSchema, type QuestionInput } from '$lib/schemas/questions';
import { questionTypeLabels, questionTypes, type QuestionType } from '$lib/shared/questions';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Question } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { gridTable, textColumns, type ExportBook } from '../files/export';
import { describeRowIssues, pickColumns, readImportRows } from '../files/spreadsheet';
import { findActiveUnit } from '../units/repo';
import * as repo from './repo';
import { findNearDuplicate, questionShapeErrors } from './rules';

function snapshot(q: Question) {
	return {
		type: q.type,
		prompt: q.prompt,
		options: q.options,
		correct: q.correct,
		acceptedAnswers: q.acceptedAnswers,
		topic: q.topic,
		difficulty: q.difficulty,
		source: q.source,
		status: q.status
	};
}

function checkShape(input: QuestionInput) {
	const errors = questionShapeErrors(input);
	const fields = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, [v]]));
	if (Object.keys(fields).length) throw invalid('Vui lòng kiểm tra lại câu hỏi.', fields);
}

/** Loads a question the actor may manage; others get 404 so existence is not revealed. */
async function loadManaged(db: Db, ctx: Ctx, id: number, lock = false): Promise<Question> {
	const actor = requireActor(ctx);
	const q = lock ? await repo.findQuestionForUpdate(db, id) : await repo.findQuestion(db, id);
	if (!q || !can(actor, 'question.manage', { kind: 'unit', path: q.unitPath }))
		throw notFound('Không tìm thấy câu hỏi.');
	return q;
}

const LOCKED = 'Câu hỏi đã thuộc một tuần thi đang mở nên không thể thay đổi.';

async function ownerUnit(db: Db, unitId: number) {
	const unit = await findActiveUnit(db, unitId);
	if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
	return unit;
}

export async function listQuestions(
	ctx: Ctx,
	filter: { search?: string; topic?: string; status?: Question['status'] | '' } = {}
) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const withinPaths = administeredPaths(actor);
	const [rows, topics] = await Promise.all([
		repo.listQuestions(ctx.db, {
			withinPaths,
			search: filter.search || undefined,
			topic: filter.topic || undefined,
			status: filter.status || undefined
		}),
		repo.listTopics(ctx.db, withinPaths)
	]);
	return { questions: rows, topics };
}

export async function getQuestion(ctx: Ctx, id: number): Promise<Question> {
	const actor = requireActor(ctx);
	const q = await loadManaged(ctx.db, ctx, id);
	authorize(actor, 'question.manage', { kind: 'unit', path: q.unitPath });
	return q;
}

export async function createQuestion(
	ctx: Ctx,
	unitId: number,
	raw: QuestionInput
): Promise<Question> {
	const actor = requireActor(ctx);
	const input = normaliseQuestion(raw);
	checkShape(input);
	return ctx.db.transaction(async (tx) => {
		const unit = await ownerUnit(tx, unitId);
		authorize(actor, 'question.manage', { kind: 'unit', path: unit.path });
		const q = await repo.insertQuestion(tx, input, {
			unitId: unit.id,
			unitPath: unit.path,
			createdById: actor.id
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'question.create',
			entityType: 'question',
			entityId: q.id,
			unitPath: q.unitPath,
			after: snapshot(q)
		});
		return q;
	});
}

export async function updateQuestion(ctx: Ctx, id: number, raw: QuestionInput): Promise<Question> {
	const actor = requireActor(ctx);
	const input = normaliseQuestion(raw);
	checkShape(input);
	return ctx.db.transaction(async (tx) => {
		const before = await loadManaged(tx, ctx, id, true);
		if (before.lockedAt) throw conflict(LOCKED);
		const q = await repo.updateQuestion(tx, id, input, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'question.update',
			entityType: 'question',
			entityId: id,
			unitPath: q.unitPath,
			before: snapshot(before),
			after: snapshot(q)
		});
		return q;
	});
}

/** The content board's approval: only questions citing a source document may be approved. */
export async function approveQuestion(ctx: Ctx, id: number): Promise<Question> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadManaged(tx, ctx, id, true);
		authorize(actor, 'question.approve', { kind: 'unit', path: before.unitPath });
		if (before.status !== 'draft') throw conflict('Chỉ duyệt được câu hỏi đang chờ duyệt.');
		if (!before.source.trim())
			throw conflict('Câu hỏi phải ghi nguồn tài liệu trước khi được duyệt.', {
				source: ['Vui lòng ghi nguồn tài liệu.']
			});
		const q = await repo.setStatus(
			tx,
			id,
			{ status: 'approved', approvedAt: ctx.now, approvedById: actor.id },
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'question.approve',
			entityType: 'question',
			entityId: id,
			unitPath: q.unitPath,
			before: { status: before.status },
			after: { status: q.status }
		});
		return q;
	});
}

export async function retireQuestion(ctx: Ctx, id: number): Promise<Question> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadManaged(tx, ctx, id, true);
		if (before.lockedAt) throw conflict(LOCKED);
		if (before.status === 'retired') throw conflict('Câu hỏi đã ngừng sử dụng.');
		const q = await repo.setStatus(
			tx,
			id,
			{ status: 'retired', approvedAt: before.approvedAt, approvedById: before.approvedById },
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'question.retire',
			entityType: 'question',
			entityId: id,
			unitPath: q.unitPath,
			before: { status: before.status },
			after: { status: q.status }
		});
		return q;
	});
}

// ---- Import and export ------------------------------------------------------------------

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

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

const importColumns = {
	type: ['loai', 'loai cau hoi', 'type'],
	prompt: ['cau hoi', 'noi dung', 'noi dung cau hoi', 'prompt'],
	...Object.fromEntries(
		LETTERS.map((l) => [`option${l}`, [`phuong an ${l.toLowerCase()}`, l.toLowerCase()]])
	),
	answer: ['dap an', 'dap an dung', 'answer'],
	ignoreDiacritics: ['bo qua dau', 'khong phan biet dau'],
	topic: ['chu de', 'topic'],
	difficulty: ['muc do', 'do kho', 'difficulty'],
	explanation: ['giai thich', 'explanation'],
	source: ['nguon', 'nguon tai lieu', 'source']
} as Record<string, string[]>;

const columnNames: Record<string, string> = {
	type: 'Loại',
	prompt: 'Câu hỏi',
	options: 'Phương án',
	correct: 'Đáp án',
	acceptedAnswers: 'Đáp án',
	ignoreDiacritics: 'Bỏ qua dấu',
	topic: 'Chủ đề',
	difficulty: 'Mức độ',
	explanation: 'Giải thích',
	source: 'Nguồn'
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

/** Turns a sheet row into the form's shape, so one schema checks both. */
function rowToForm(cells: Record<string, string>) {
	const c = pickColumns(cells, importColumns);
	const type = typeByName.get(foldVietnamese(c.type ?? '')) ?? c.type;
	const answer = c.answer ?? '';
	const options = LETTERS.map((l) => c[`option${l}`] ?? '').filter(Boolean);
	let correct = answer;
	if (type === 'true_false') {
		const folded = foldVietnamese(answer);
		correct =
			folded === 'dung' || folded === 'a' ? 'A' : folded === 'sai' || folded === 'b' ? 'B' : answer;
	}
	return {
		type,
		prompt: c.prompt,
		options: options.join('\n'),
		correct: type === 'short' ? '' : correct,
		acceptedAnswers: type === 'short' ? answer.split(/;|\|/).join('\n') : '',
		ignoreDiacritics: c.ignoreDiacritics,
		topic: c.topic,
		difficulty: difficultyByName[foldVietnamese(c.difficulty ?? '')] ?? c.difficulty,
		explanation: c.explanation,
		source: c.source
	};
}

export interface QuestionImportReport {
	imported: number;
	total: number;
	errors: { rowNumber: number; messages: string[] }[];
	/** Rows that look like a question already in the bank or earlier in the file. */
	warnings: { rowNumber: number; messages: string[] }[];
}

/**
 * Imports questions into a unit's bank. With "all-or-nothing" any bad row stops the import
 * and nothing is written; with "good-rows" the good rows go in. Near-duplicates are pointed
 * out but still imported (the organizer decides).
 */
export async function importQuestions(
	ctx: Ctx,
	unitId: number,
	file: { name: string; bytes: Uint8Array },
	mode: 'all-or-nothing' | 'good-rows'
): Promise<QuestionImportReport> {
	const actor = requireActor(ctx);
	const unit = await ownerUnit(ctx.db, unitId);
	authorize(actor, 'question.manage', { kind: 'unit', path: unit.path });
	const sheet = await readImportRows(file, 2000, 'Mỗi lần nhập tối đa 2.000 câu hỏi.');

	const good: { rowNumber: number; input: QuestionInput }[] = [];
	const errors: QuestionImportReport['errors'] = [];
	for (const row of sheet) {
		const result = questionSchema.safeParse(rowToForm(row.cells));
		if (!result.success) {
			errors.push({
				rowNumber: row.rowNumber,
				messages: describeRowIssues(result.error.issues, columnNames)
			});
			continue;
		}
		const shape = questionShapeErrors(result.data);
		if (Object.keys(shape).length) {
			errors.push({
				rowNumber: row.rowNumber,
				messages: Object.entries(shape).map(([k, v]) => `Cột "${columnNames[k] ?? k}": ${v}`)
			});
			continue;
		}
		good.push({ rowNumber: row.rowNumber, input: result.data });
	}

	return ctx.db.transaction(async (tx) => {
		const known: { prompt: string; label: string }[] = (
			await repo.listPrompts(tx, [unit.path])
		).map((q) => ({ prompt: q.prompt, label: `câu hỏi số ${q.id} trong ngân hàng` }));
		const warnings: QuestionImportReport['warnings'] = [];
		for (const row of good) {
			const dup = findNearDuplicate(row.input.prompt, known);
			if (dup)
				warnings.push({
					rowNumber: row.rowNumber,
					messages: [
						`Gần trùng với ${dup.match.label} (giống ${Math.round(dup.similarity * 100)}%).`
					]
				});
			known.push({ prompt: row.input.prompt, label: `dòng ${row.rowNumber}` });
		}
		if (errors.length > 0 && mode === 'all-or-nothing')
			return { imported: 0, total: sheet.length, errors, warnings };
		for (const row of good) {
			const q = await repo.insertQuestion(tx, row.input, {
				unitId: unit.id,
				unitPath: unit.path,
				createdById: actor.id
			});
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'question.import',
				entityType: 'question',
				entityId: q.id,
				unitPath: q.unitPath,
				after: { ...snapshot(q), file: file.name, row: row.rowNumber }
			});
		}
		return { imported: good.length, total: sheet.length, errors, warnings };
	});
}

/** The bank of the actor's subtree, in the import's columns, so that it imports back unchanged. */
export async function exportQuestions(ctx: Ctx): Promise<ExportBook> {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await repo.listQuestions(ctx.db, {
		withinPaths: administeredPaths(actor),
		limit: 100_000
	});
	const columns = textColumns([...questionImportHeaders, 'Trạng thái']);
	return {
		filename: 'ngan-hang-cau-hoi',
		sheets: [
			gridTable(
				'Câu hỏi',
				[...columns, { header: 'Mã câu hỏi', kind: 'number', grouping: false }],
				rows.map((q) => [
					questionTypeLabels[q.type],
					q.prompt,
					...LETTERS.map((_, i) => q.options[i] ?? ''),
					q.type === 'short'
						? q.acceptedAnswers.join('; ')
						: q.correct.map((i) => LETTERS[i]).join(', '),
					q.ignoreDiacritics ? 'Có' : '',
					q.topic,
					String(q.difficulty),
					q.explanation,
					q.source,
					q.status === 'approved'
						? 'Đã duyệt'
						: q.status === 'retired'
							? 'Ngừng sử dụng'
							: 'Chờ duyệt',
					q.id
				])
			)
		]
	};
}
