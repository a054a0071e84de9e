// A judge's work: their queue, the scoring sheet, saving and submitting scores, and declaring
// a conflict of interest.
import { z } from 'zod';
import { conflictSchema } from '$lib/schemas/judging';
import { id } from '$lib/schemas/common';
import { publicNominee } from '$lib/shared/campaigns';
import { assignmentStatusLabels, rubricScale, weightedTotal } from '$lib/shared/judging';
import type { Actor } from '../auth/actor';
import { can, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import { evidenceHeaders } from '../files/evidence';
import * as nominationRepo from '../nominations';
import { defineUseCase, type Check } from '../usecase';
import { giveJudges } from './access';
import { checkedRubric, confirmSubmitScores } from './confirmations';
import * as repo from './repo';

const ASSIGNMENT_NOT_FOUND = 'Không tìm thấy hồ sơ được phân công cho bạn.';
const assignmentId = id('hồ sơ được phân công');

async function findAssignment(db: Db, id: number) {
	const assignment = await repo.findAssignment(db, id);
	if (!assignment) throw notFound(ASSIGNMENT_NOT_FOUND);
	return assignment;
}

/** Scores are personal: anyone else's assignment is "not found", so nothing leaks. */
const scoreCheck = (_actor: Actor, assignment: { judgeId: number }): Check => ({
	action: 'judging.score',
	resource: { kind: 'assignment', judgeId: assignment.judgeId },
	hidden: ASSIGNMENT_NOT_FOUND
});

/** A judge's queue: what was given to them, grouped by campaign, with progress. */
export async function listMyQueue(ctx: Ctx) {
	const actor = requireActor(ctx);
	const rows = await repo.listJudgeAssignments(ctx.db, actor.id);
	const campaigns = new Map<
		number,
		{ id: number; title: string; status: string; items: typeof rows }
	>();
	for (const row of rows) {
		if (!campaigns.has(row.campaignId)) {
			campaigns.set(row.campaignId, {
				id: row.campaignId,
				title: row.campaignTitle,
				status: row.panelStatus,
				items: []
			});
		}
		campaigns.get(row.campaignId)!.items.push(row);
	}
	return [...campaigns.values()].map((c) => {
		const active = c.items.filter((i) => i.status !== 'conflict');
		return {
			...c,
			total: active.length,
			submitted: active.filter((i) => i.status === 'submitted').length
		};
	});
}

/** One of the actor's own assignments; anyone else's is "not found", so nothing leaks. */
async function loadOwnAssignment(db: Db, actor: Actor, assignmentId: number) {
	const assignment = await repo.findAssignment(db, assignmentId);
	if (
		!assignment ||
		!can(actor, 'judging.score', { kind: 'assignment', judgeId: assignment.judgeId })
	) {
		throw notFound(ASSIGNMENT_NOT_FOUND);
	}
	return assignment;
}

/**
 * The scoring page: the dossier, the rubric and the judge's own sheet. Other judges' scores
 * come only after this judge submitted, and only if the organizer allows it.
 */
export async function getScoringSheet(ctx: Ctx, assignmentId: number) {
	const actor = requireActor(ctx);
	const assignment = await loadOwnAssignment(ctx.db, actor, assignmentId);
	const panel = (await repo.findPanel(ctx.db, assignment.panelId))!;
	const [dossier, files, criteria, own] = await Promise.all([
		nominationRepo.findDossier(ctx.db, assignment.nominationId),
		nominationRepo.listFiles(ctx.db, assignment.nominationId),
		repo.listCriteria(ctx.db, panel.id),
		repo.listScores(ctx.db, [assignment.id])
	]);
	const rubric = criteria.filter((c) => c.categoryId === assignment.categoryId);
	let others: { label: string; total: number; scores: Record<number, number> }[] | null = null;
	if (assignment.status === 'submitted' && panel.revealAfterSubmit) {
		const peers = (await repo.listAssignments(ctx.db, panel.id)).filter(
			(a) =>
				a.nominationId === assignment.nominationId &&
				a.id !== assignment.id &&
				a.status === 'submitted'
		);
		const peerScores = await repo.listScores(
			ctx.db,
			peers.map((p) => p.id)
		);
		others = peers.map((peer, index) => {
			const scores = new Map(
				peerScores.filter((s) => s.assignmentId === peer.id).map((s) => [s.criterionId, s.score])
			);
			return {
				label: `Giám khảo ${String.fromCharCode(65 + index)}`,
				total: weightedTotal(rubric, scores),
				scores: Object.fromEntries(scores)
			};
		});
	}
	const ownScores = new Map(own.map((s) => [s.criterionId, s.score]));
	const editable =
		panel.status === 'open' && (assignment.status === 'assigned' || assignment.status === 'draft');
	return {
		assignment: {
			id: assignment.id,
			status: assignment.status,
			statusLabel: assignmentStatusLabels[assignment.status],
			campaignTitle: assignment.campaignTitle,
			submittedAt: assignment.submittedAt
		},
		panelStatus: panel.status,
		// Judges score the work, not the nominee's contact address.
		dossier: { ...dossier!, nominee: publicNominee(dossier!.nominee) },
		// After a declared conflict the evidence is no longer served to this judge.
		files: assignment.status === 'conflict' ? [] : files,
		criteria: rubric,
		scale: rubricScale(rubric),
		own: own.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })),
		ownTotal: weightedTotal(rubric, ownScores),
		others,
		may: { edit: editable, declareConflict: editable }
	};
}

const sheetInput = z.object({
	id: assignmentId,
	entries: z
		.array(z.object({ criterionId: z.number(), score: z.number().nullable(), comment: z.string() }))
		.readonly()
});

/** Saves a draft or submits the judge's sheet; after submission or closing nothing changes. */
const scoreSheet = (intent: 'save' | 'submit') =>
	defineUseCase({
		name: `judging.${intent}`,
		input: sheetInput,
		load: ({ db }, input) => findAssignment(db, input.id),
		authorize: scoreCheck,
		// A submitted sheet is final: the judge sees its total first. A draft needs no step.
		...(intent === 'submit' ? { confirm: confirmSubmitScores } : {}),
		run: async ({ db, now }, { entries }, assignment) => {
			// Shared lock: closing the round waits for sheets being written, and vice versa.
			const panel = (await repo.lockPanel(db, assignment.panelId, 'share'))!;
			await repo.lockAssignment(db, assignment.id);
			const current = (await repo.findAssignment(db, assignment.id))!;
			if (panel.status === 'closed') throw conflict('Vòng chấm đã kết thúc: không nhận thêm điểm.');
			if (panel.status !== 'open') throw conflict('Vòng chấm chưa mở.');
			if (current.status === 'submitted') {
				throw conflict('Bạn đã nộp điểm hồ sơ này; điểm đã nộp không sửa được.');
			}
			if (current.status === 'conflict') {
				throw conflict('Bạn đã báo xung đột lợi ích với hồ sơ này nên không chấm nữa.');
			}
			const rubric = await checkedRubric(db, current, entries, intent);
			const stored = entries.flatMap((e) =>
				e.score === null ? [] : [{ criterionId: e.criterionId, score: e.score, comment: e.comment }]
			);
			await repo.replaceScores(db, assignment.id, stored);
			const submit = intent === 'submit';
			await repo.updateAssignment(db, assignment.id, {
				status: submit ? 'submitted' : 'draft',
				submittedAt: submit ? now : null,
				updatedAt: now
			});
			return {
				nominationId: current.nominationId,
				total: weightedTotal(rubric, new Map(stored.map((s) => [s.criterionId, s.score])))
			};
		},
		audit: (after, _input, assignment) => ({
			entityType: 'judge_assignment',
			entityId: assignment.id,
			after
		}),
		present: () => undefined
	});

export const saveScoreDraft = scoreSheet('save');
export const submitScores = scoreSheet('submit');

/** The judge's form says which: a draft saved, or the sheet submitted. */
export function saveScores(
	ctx: Ctx,
	input: z.input<typeof sheetInput> & { intent: 'save' | 'submit' }
): Promise<void> {
	const { intent, ...sheet } = input;
	return (intent === 'submit' ? submitScores : saveScoreDraft)(ctx, sheet);
}

/**
 * A judge declares a conflict of interest: the dossier leaves their queue and goes to the
 * least-loaded judge of the panel who is free of conflicts with it, if there is one.
 */
export const declareConflict = defineUseCase({
	name: 'judging.conflict',
	input: conflictSchema.extend({ id: assignmentId }),
	load: ({ db }, input) => findAssignment(db, input.id),
	authorize: scoreCheck,
	run: async ({ db, now }, { reason }, assignment) => {
		// Exclusive: two conflicts declared at once must not both pick the same replacement.
		const panel = (await repo.lockPanel(db, assignment.panelId, 'update'))!;
		const current = (await repo.findAssignment(db, assignment.id))!;
		if (panel.status !== 'open') throw conflict('Vòng chấm không ở trạng thái đang chấm.');
		if (current.status === 'submitted' || current.status === 'conflict') {
			throw conflict(
				current.status === 'submitted'
					? 'Bạn đã nộp điểm hồ sơ này nên không báo xung đột được nữa.'
					: 'Bạn đã báo xung đột lợi ích với hồ sơ này.'
			);
		}
		await repo.updateAssignment(db, assignment.id, {
			status: 'conflict',
			conflictReason: reason,
			updatedAt: now
		});
		await repo.deleteScores(db, assignment.id);
		const campaign = (await campaignRepo.findCampaign(db, panel.campaignId))!;
		// The same rule as for every dossier: its judges made up again where someone is free.
		const { pairs, judges } = await giveJudges(db, campaign, panel, [current.nominationId], now);
		const replacement = pairs[0]?.judgeId ?? null;
		return {
			unitPath: campaign.organizingUnitPath,
			after: { nominationId: current.nominationId, reason, replacementJudgeId: replacement },
			replacementName: judges.find((j) => j.userId === replacement)?.fullName ?? null
		};
	},
	audit: ({ unitPath, after }, _input, assignment) => ({
		entityType: 'judge_assignment',
		entityId: assignment.id,
		unitPath,
		after
	}),
	present: ({ replacementName }) => ({ replacementName })
});

/** A photo or evidence file of a dossier given to the judge. */
export async function readAssignedFile(ctx: Ctx, assignmentId: number, fileId: string) {
	const actor = requireActor(ctx);
	const assignment = await loadOwnAssignment(ctx.db, actor, assignmentId);
	if (assignment.status === 'conflict') throw notFound(ASSIGNMENT_NOT_FOUND);
	const file = await nominationRepo.findFile(ctx.db, assignment.nominationId, fileId);
	if (!file) throw notFound('Không tìm thấy tệp.');
	return { bytes: file.bytes, headers: evidenceHeaders(file) };
}

/** @public Only tells whether the signed-in person sits on a panel (for the navigation). */
export async function isJudge(ctx: Ctx): Promise<boolean> {
	return ctx.actor ? repo.sitsOnAnyPanel(ctx.db, ctx.actor.id) : false;
}
