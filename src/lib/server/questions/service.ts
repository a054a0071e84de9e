import {
	normaliseQuestion,
	questionFields,
	type DuplicateMode,
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
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Question } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	type ImportColumn,
	type ImportSpec
} from '../files/import-reader';
import { gridTable, textColumns, type ExportBook } from '../files/export';
import { findActiveUnit } from '../units';
import * as repo from './repo';
import { findNearDuplicate, questionFingerprint, questionShapeErrors, sameContent } from './rules';

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

const NOT_DRAFT = 'Chỉ duyệt được câu hỏi đang chờ duyệt.';
const NO_SOURCE = 'Câu hỏi phải ghi nguồn tài liệu trước khi được duyệt.';

/** Why the actor may not approve a question as it stands, or null when they may. */
function approvalRefusal(actor: Actor, q: Question): string | null {
	if (!can(actor, 'question.approve', { kind: 'unit', path: q.unitPath }))
		return 'Bạn không có quyền duyệt câu hỏi này.';
	if (q.status !== 'draft') return NOT_DRAFT;
	if (!q.source.trim()) return NO_SOURCE;
	return null;
}

/** Moves a question to another status, with its audit entry. */
async function setStatusAudited(
	tx: Db,
	ctx: Ctx,
	actor: Actor,
	before: Question,
	action: 'question.approve' | 'question.retire',
	values: Pick<Question, 'status' | 'approvedAt' | 'approvedById'>,
	note: Record<string, unknown> = {}
): Promise<Question> {
	const q = await repo.setStatus(tx, before.id, values, ctx.now);
	await writeAudit(tx, {
		actorId: actor.id,
		action,
		entityType: 'question',
		entityId: q.id,
		unitPath: q.unitPath,
		before: { status: before.status },
		after: { status: q.status, ...note }
	});
	return q;
}

function approveLoaded(tx: Db, ctx: Ctx, actor: Actor, before: Question, bulk: boolean) {
	const values = { status: 'approved' as const, approvedAt: ctx.now, approvedById: actor.id };
	return setStatusAudited(tx, ctx, actor, before, 'question.approve', values, bulk ? { bulk } : {});
}

/** The content board's approval: only questions citing a source document may be approved. */
export async function approveQuestion(ctx: Ctx, id: number): Promise<Question> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadManaged(tx, ctx, id, true);
		authorize(actor, 'question.approve', { kind: 'unit', path: before.unitPath });
		if (before.status !== 'draft') throw conflict(NOT_DRAFT);
		if (!before.source.trim())
			throw conflict(NO_SOURCE, { source: ['Vui lòng ghi nguồn tài liệu.'] });
		return approveLoaded(tx, ctx, actor, before, false);
	});
}

export interface BulkApproval {
	approved: number;
	/** Ticked questions left as they were, with why; unknown ones have no prompt. */
	refused: { id: number; prompt: string | null; reason: string }[];
}

/**
 * Approves the ticked questions at once, each as approveQuestion would: those the actor may not
 * approve, not waiting for approval, or without a source are left and listed with the reason.
 */
export async function approveQuestions(ctx: Ctx, ids: number[]): Promise<BulkApproval> {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const wanted = [...new Set(ids)];
	return ctx.db.transaction(async (tx) => {
		const found = new Map(
			(await repo.findQuestionsForUpdate(tx, wanted)).map((q) => [q.id, q] as const)
		);
		const refused: BulkApproval['refused'] = [];
		let approved = 0;
		for (const id of wanted) {
			const q = found.get(id);
			// Questions outside the actor's reach are "not found", as one by one.
			if (!q || !can(actor, 'question.manage', { kind: 'unit', path: q.unitPath })) {
				refused.push({ id, prompt: null, reason: 'Không tìm thấy câu hỏi.' });
				continue;
			}
			const reason = approvalRefusal(actor, q);
			if (reason) refused.push({ id, prompt: q.prompt, reason });
			else {
				await approveLoaded(tx, ctx, actor, q, true);
				approved++;
			}
		}
		return { approved, refused };
	});
}

export async function retireQuestion(ctx: Ctx, id: number): Promise<Question> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadManaged(tx, ctx, id, true);
		if (before.lockedAt) throw conflict(LOCKED);
		if (before.status === 'retired') throw conflict('Câu hỏi đã ngừng sử dụng.');
		const { approvedAt, approvedById } = before;
		const values = { status: 'retired' as const, approvedAt, approvedById };
		return setStatusAudited(tx, ctx, actor, before, 'question.retire', values);
	});
}

// ---- Import and export ------------------------------------------------------------------

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
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

/**
 * Imports questions into a unit's bank. With "all-or-nothing" any bad row stops the import
 * and nothing is written; with "good-rows" the good rows go in. A row with a "Mã câu hỏi"
 * (the bank's own export) updates that question; a row exactly like a question of the bank
 * or an earlier row is skipped or refused (`duplicates`); near-duplicates are pointed out but
 * still imported (the organizer decides).
 */
export async function importQuestions(
	ctx: Ctx,
	unitId: number,
	file: { name: string; bytes: Uint8Array },
	mode: 'all-or-nothing' | 'good-rows',
	duplicates: DuplicateMode = 'skip'
): Promise<QuestionImportReport> {
	const actor = requireActor(ctx);
	const unit = await ownerUnit(ctx.db, unitId);
	authorize(actor, 'question.manage', { kind: 'unit', path: unit.path });
	const { rows: sheet } = await readImportRows(file, questionImportSpec);

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

	return ctx.db.transaction(async (tx) => {
		// Locked like a single edit: a round opening meanwhile must not miss an update.
		const stored = new Map(
			(await repo.findQuestionsForUpdate(tx, [...rowOfId.keys()])).map((q) => [q.id, q])
		);
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

		const bank = await repo.listForComparison(tx, [unit.path]);
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
			return { ...report, imported: 0, added: 0, updated: 0, unchanged };

		for (const { rowNumber, input } of additions) {
			const q = await repo.insertQuestion(tx, input, {
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
				after: { ...snapshot(q), file: file.name, row: rowNumber }
			});
		}
		for (const { rowNumber, input, before } of updates) {
			const q = await repo.updateQuestion(tx, before.id, input, ctx.now);
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'question.update',
				entityType: 'question',
				entityId: q.id,
				unitPath: q.unitPath,
				before: snapshot(before),
				after: { ...snapshot(q), file: file.name, row: rowNumber }
			});
		}
		return {
			...report,
			imported: additions.length + updates.length,
			added: additions.length,
			updated: updates.length,
			unchanged
		};
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
