/** The question bank's use cases one question at a time: write, edit, approve, retire. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { approveManySchema, questionSchema, type QuestionInput } from '$lib/schemas/questions';
import type { Actor } from '../auth/actor';
import { can } from '../auth/policy';
import type { Db } from '../db/client';
import type { Question } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { findActiveUnit } from '../units';
import { defineUseCase, type AuditRecord, type Check } from '../usecase';
import * as repo from './repo';
import { questionShapeErrors } from './rules';

export function snapshot(q: Question) {
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

const NOT_FOUND = 'Không tìm thấy câu hỏi.';

/** Questions outside the actor's reach are "not found", so their existence is not revealed. */
export const managedQuestion = (q: { unitPath: string }): Check => ({
	action: 'question.manage',
	resource: { kind: 'unit', path: q.unitPath },
	hidden: NOT_FOUND
});

/** The question, locked for the rest of the transaction (a round opening must wait). */
async function lockedQuestion(db: Db, input: { id: number }): Promise<Question> {
	const q = await repo.findQuestionForUpdate(db, input.id);
	if (!q) throw notFound(NOT_FOUND);
	return q;
}

export const LOCKED = 'Câu hỏi đã thuộc một tuần thi đang mở nên không thể thay đổi.';

export async function ownerUnit(db: Db, unitId: number) {
	const unit = await findActiveUnit(db, unitId);
	if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
	return unit;
}

const questionRef = z.object({ id: id('câu hỏi') });

export const createQuestion = defineUseCase({
	name: 'question.create',
	input: z.object({ unitId: id('đơn vị sở hữu') }).and(questionSchema),
	load: ({ db }, input) => ownerUnit(db, input.unitId),
	authorize: (_actor, unit) => ({
		action: 'question.manage',
		resource: { kind: 'unit', path: unit.path }
	}),
	run: ({ db, actor }, { unitId: _unit, ...input }, unit) => {
		checkShape(input);
		return repo.insertQuestion(db, input, {
			unitId: unit.id,
			unitPath: unit.path,
			createdById: actor.id
		});
	},
	audit: (q) => ({
		entityType: 'question',
		entityId: q.id,
		unitPath: q.unitPath,
		after: snapshot(q)
	})
});

/** Where an edit came from when an import made it: the file and its row, kept in the audit. */
const importedFrom = z.object({ file: z.string(), row: z.number() }).optional();

export const updateQuestion = defineUseCase({
	name: 'question.update',
	input: questionRef.extend({ importedFrom }).and(questionSchema),
	load: ({ db }, input) => lockedQuestion(db, input),
	authorize: (_actor, before) => managedQuestion(before),
	run: ({ db, now }, { id, importedFrom: _from, ...input }, before) => {
		checkShape(input);
		if (before.lockedAt) throw conflict(LOCKED);
		return repo.updateQuestion(db, id, input, now);
	},
	audit: (q, { importedFrom }, before) => ({
		entityType: 'question',
		entityId: q.id,
		unitPath: q.unitPath,
		before: snapshot(before),
		after: { ...snapshot(q), ...importedFrom }
	})
});

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

function approve(db: Db, actor: Actor, q: Question, now: Date) {
	return repo.setStatus(
		db,
		q.id,
		{ status: 'approved', approvedAt: now, approvedById: actor.id },
		now
	);
}

/** A status change's audit entry. */
function statusChange(q: Question, before: Question, note: object = {}): AuditRecord {
	return {
		entityType: 'question',
		entityId: q.id,
		unitPath: q.unitPath,
		before: { status: before.status },
		after: { status: q.status, ...note }
	};
}

/** The content board's approval: only questions citing a source document may be approved. */
export const approveQuestion = defineUseCase({
	name: 'question.approve',
	input: questionRef,
	load: ({ db }, input) => lockedQuestion(db, input),
	authorize: (_actor, before) => [
		managedQuestion(before),
		{ action: 'question.approve', resource: { kind: 'unit', path: before.unitPath } }
	],
	run: ({ db, actor, now }, _input, before) => {
		if (before.status !== 'draft') throw conflict(NOT_DRAFT);
		if (!before.source.trim())
			throw conflict(NO_SOURCE, { source: ['Vui lòng ghi nguồn tài liệu.'] });
		return approve(db, actor, before, now);
	},
	audit: (q, _input, before) => statusChange(q, before)
});

export interface BulkApproval {
	approved: number;
	/** Ticked questions left as they were, with why; unknown ones have no prompt. */
	refused: { id: number; prompt: string | null; reason: string }[];
}

/**
 * Approves the ticked questions at once, each as approveQuestion would: those the actor may not
 * approve, not waiting for approval, or without a source are left and listed with the reason.
 */
export const approveQuestions = defineUseCase({
	name: 'question.approve',
	input: approveManySchema,
	authorize: () => ({ action: 'admin.enter', resource: { kind: 'area' } }),
	run: async ({ db, actor, now }, { ids }) => {
		const wanted = [...new Set(ids)];
		const found = new Map(
			(await repo.findQuestionsForUpdate(db, wanted)).map((q) => [q.id, q] as const)
		);
		const refused: BulkApproval['refused'] = [];
		const approved: { q: Question; before: Question }[] = [];
		for (const id of wanted) {
			const q = found.get(id);
			// Questions outside the actor's reach are "not found", as one by one.
			if (!q || !can(actor, 'question.manage', { kind: 'unit', path: q.unitPath })) {
				refused.push({ id, prompt: null, reason: NOT_FOUND });
				continue;
			}
			const reason = approvalRefusal(actor, q);
			if (reason) refused.push({ id, prompt: q.prompt, reason });
			else approved.push({ q: await approve(db, actor, q, now), before: q });
		}
		return { approved, refused };
	},
	audit: ({ approved }) => approved.map(({ q, before }) => statusChange(q, before, { bulk: true })),
	present: ({ approved, refused }): BulkApproval => ({ approved: approved.length, refused })
});

function retirable(question: { lockedAt: Date | null; status: string }) {
	if (question.lockedAt) throw conflict(LOCKED);
	if (question.status === 'retired') throw conflict('Câu hỏi đã ngừng sử dụng.');
}

export const retireQuestion = defineUseCase({
	name: 'question.retire',
	input: questionRef,
	load: ({ db }, input) => lockedQuestion(db, input),
	authorize: (_actor, before) => managedQuestion(before),
	// A retired question leaves the bank for good: nothing brings it back.
	confirm: async (_scope, _input, before) => {
		retirable(before);
		return {
			title: 'Ngừng sử dụng câu hỏi?',
			summary: `Câu hỏi “${before.prompt}” sẽ ngừng sử dụng: không được rút vào tuần thi hay trò chơi nào nữa.`,
			details: ['Câu hỏi đã ngừng sử dụng không dùng lại được.']
		};
	},
	run: ({ db, now }, _input, before) => {
		retirable(before);
		const { approvedAt, approvedById } = before;
		return repo.setStatus(db, before.id, { status: 'retired', approvedAt, approvedById }, now);
	},
	audit: (q, _input, before) => statusChange(q, before)
});
