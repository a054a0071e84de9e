/**
 * Issuing a decision from any source (a campaign's results, a contest round's winners, a live
 * game's places, or names entered by hand): one use case with two steps, a preview to confirm
 * and the write of exactly what was confirmed.
 */
import { getRandomValues } from 'node:crypto';
import { z } from 'zod';
import {
	fromCampaignSchema,
	fromLiveGameSchema,
	fromRoundSchema,
	manualDecisionSchema,
	type DecisionInput,
	type FromCampaignInput,
	type FromLiveGameInput,
	type FromRoundInput,
	type ManualDecisionInput
} from '$lib/schemas/awards';
import { awardLabel } from '$lib/shared/awards';
import { foldVietnamese } from '$lib/shared/text';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation } from '../errors';
import { defineUseCase, type Check, type Scope } from '../usecase';
import { tellAwarded } from './notices';
import { origins, type Origin, type Plan } from './origins';
import * as repo from './repo';
import { certificateCodeFrom, CODE_LENGTH, confirmationToken, slugFor, yearOf } from './rules';

export { rankedCampaignResults } from './origins';

export const DUPLICATE_NUMBER = 'Đơn vị này đã có quyết định mang số này.';

export function newCode(): string {
	return certificateCodeFrom(getRandomValues(new Uint8Array(CODE_LENGTH)));
}

export function decisionValues(input: DecisionInput) {
	return {
		number: input.number,
		decidedOn: input.decidedOn,
		year: yearOf(input.decidedOn),
		issuer: input.issuer,
		signer: input.signer,
		signerTitle: input.signerTitle,
		citation: input.citation,
		field: input.field ?? null
	};
}

/** The digest the confirmation step carries: the decision's text and every recipient's line. */
function tokenOf(input: DecisionInput, plan: Plan): string {
	return confirmationToken({
		unit: plan.unit.id,
		source: plan.source,
		decision: decisionValues(input),
		recipients: plan.recipients.map((r) => [
			r.type,
			r.name,
			r.unitId,
			r.unitName,
			r.position,
			r.achievement,
			r.field,
			r.nominationId,
			r.playerId,
			r.kind,
			r.customKind
		])
	});
}

/** Why a decision cannot be issued, found before the confirmation step as well as at the write. */
async function refuseUnissuable(db: Db, input: DecisionInput, plan: Plan) {
	if (plan.recipients.length === 0)
		throw invalid('Quyết định phải có ít nhất một người được khen.');
	if (await repo.numberTaken(db, plan.unit.id, input.number))
		throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
	// Nobody is awarded twice for the same result: a dossier, or a round's or game's places.
	if (plan.source.roundId !== undefined || plan.source.gameId !== undefined) {
		const standing = await repo.standingDecisionFrom(db, plan.source);
		if (standing) throw conflict(`Kết quả này đã được khen theo quyết định số ${standing}.`);
	}
	const awarded = await repo.awardedNominations(
		db,
		plan.recipients.flatMap((r) => (r.nominationId === null ? [] : [r.nominationId]))
	);
	const twice = plan.recipients.find((r) => r.nominationId !== null && awarded.has(r.nominationId));
	if (twice) {
		throw conflict(
			`Hồ sơ “${twice.name}” đã được khen theo quyết định số ${awarded.get(twice.nominationId!)}.`
		);
	}
}

/** Writes a decision and its recipients and its history's first line. */
async function issue(
	{ db, actor, now }: Scope<Actor>,
	plan: Plan,
	input: DecisionInput
): Promise<{ id: number; recipients: number }> {
	const { unit, source, recipients } = plan;
	const sourceKey = source.campaignId ?? source.roundId ?? source.gameId;
	if (sourceKey !== undefined) await repo.lockSource(db, `award:${source.source}:${sourceKey}`);
	await refuseUnissuable(db, input, plan);
	let decisionId: number;
	try {
		// A failed insert aborts the whole transaction anyway: no savepoint is needed to report it.
		decisionId = await repo.insertDecision(db, {
			unitId: unit.id,
			...decisionValues(input),
			source: source.source,
			campaignId: source.campaignId ?? null,
			roundId: source.roundId ?? null,
			gameId: source.gameId ?? null,
			createdById: actor.id,
			createdAt: now,
			updatedAt: now
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(DUPLICATE_NUMBER, { number: [DUPLICATE_NUMBER] });
		throw error;
	}
	const rows = recipients.map((r, i) => ({
		decisionId,
		kind: r.kind,
		customKind: r.kind === 'custom' ? r.customKind : null,
		type: r.type,
		name: r.name,
		nameFolded: foldVietnamese(r.name),
		unitId: r.unitId,
		unitName: r.unitName,
		position: r.position,
		achievement: r.achievement,
		// Each keeps its own category's field; one category's is never copied to all.
		field: r.field,
		nominationId: r.nominationId,
		playerId: r.playerId,
		email: r.email,
		certificateCode: newCode(),
		rank: i + 1,
		createdAt: now,
		updatedAt: now
	}));
	const inserted = await repo.insertRecipients(db, rows, slugFor);
	await repo.insertEvent(db, {
		decisionId,
		at: now,
		actorId: actor.id,
		action: 'create',
		after: { number: input.number, recipients: inserted.length }
	});
	// Rows and their inserted ids come back in the same order.
	await tellAwarded(
		db,
		now,
		decisionValues(input),
		rows.map((r, i) => ({ ...r, ...inserted[i]! }))
	);
	return { id: decisionId, recipients: inserted.length };
}

/** The confirmation step: who would be awarded, how many, with which award, and its digest. */
async function previewOf(db: Db, input: DecisionInput, plan: Plan) {
	await refuseUnissuable(db, input, plan);
	const recipients = plan.recipients.map((r) => ({
		name: r.name,
		type: r.type,
		unitName: r.unitName,
		awardLabel: awardLabel(r.kind, r.customKind),
		achievement: r.achievement,
		field: input.field ?? r.field
	}));
	const kinds = new Map<string, number>();
	for (const r of recipients) kinds.set(r.awardLabel, (kinds.get(r.awardLabel) ?? 0) + 1);
	return {
		decision: decisionValues(input),
		recipients,
		/** How many recipients will be told by e-mail (their address is known). */
		mailed: plan.recipients.filter((r) => r.email).length,
		kinds: [...kinds].map(([label, count]) => ({ label, count })),
		token: tokenOf(input, plan)
	};
}
export type DecisionPreview = Awaited<ReturnType<typeof previewOf>>;

/** "preview" answers the confirmation step; "issue" writes, and only what was confirmed. */
const step = { step: z.enum(['preview', 'issue']).default('issue') };

const decisionInput = z.discriminatedUnion('from', [
	fromCampaignSchema.safeExtend({ from: z.literal('campaign'), ...step }),
	fromRoundSchema.extend({ from: z.literal('round'), ...step }),
	fromLiveGameSchema.extend({ from: z.literal('game'), ...step }),
	manualDecisionSchema.safeExtend({ from: z.literal('manual'), ...step })
]);
type AnyDecisionInput = z.output<typeof decisionInput>;

// The origins are typed per source; the input's `from` picks the matching one.
const originOf = (input: AnyDecisionInput) =>
	origins[input.from] as unknown as Origin<AnyDecisionInput, unknown>;

/** A run's outcome: the preview shown to confirm, or the decision written with its plan. */
type Step =
	{ preview: DecisionPreview } | { issued: { id: number; recipients: number }; plan: Plan };

const NOT_CONFIRMED = 'Vui lòng xem lại danh sách và xác nhận trước khi ban hành quyết định.';
const CHANGED_SINCE =
	'Danh sách hoặc nội dung quyết định đã thay đổi so với lúc xem lại. Vui lòng xem lại và xác nhận lần nữa.';

/**
 * A decision from any source, in two steps: `step: 'preview'` answers who would be awarded (and
 * the digest to confirm with); `step: 'issue'` writes, only with the digest of what it would
 * write now. Returns `{ preview }` or `{ id }`.
 */
export const createDecision = defineUseCase({
	name: 'award.create',
	input: decisionInput,
	load: ({ db }, input) => originOf(input).load(db, input),
	authorize: (_actor, source, input): Check => {
		const { path, hidden } = originOf(input).issuer(source);
		return { action: 'award.manage', resource: { kind: 'unit', path }, hidden };
	},
	run: async (scope, input, source): Promise<Step> => {
		const plan = await originOf(input).plan(scope, input, source);
		if (input.step === 'preview') return { preview: await previewOf(scope.db, input, plan) };
		if (!input.confirmation) throw invalid(NOT_CONFIRMED);
		if (input.confirmation !== tokenOf(input, plan)) throw conflict(CHANGED_SINCE);
		return { issued: await issue(scope, plan, input), plan };
	},
	audit: (result, input) =>
		'issued' in result
			? {
					entityType: 'award_decision',
					entityId: result.issued.id,
					unitPath: result.plan.unit.path,
					after: {
						number: input.number,
						source: result.plan.source.source,
						recipients: result.issued.recipients
					}
				}
			: null,
	present: (result) => ('issued' in result ? { id: result.issued.id } : { preview: result.preview })
});

async function previewFrom(ctx: Ctx, input: object, from: keyof typeof origins) {
	const result = await createDecision(ctx, { ...input, from, step: 'preview' } as AnyDecisionInput);
	return result.preview!;
}

async function issueFrom(ctx: Ctx, input: object, from: keyof typeof origins) {
	const result = await createDecision(ctx, { ...input, from, step: 'issue' } as AnyDecisionInput);
	return result.id!;
}

// Each source by name, for scripts and tests: the preview, then the write it confirms.
export const previewDecisionFromCampaign = (ctx: Ctx, input: FromCampaignInput) =>
	previewFrom(ctx, input, 'campaign');
export const createDecisionFromCampaign = (ctx: Ctx, input: FromCampaignInput) =>
	issueFrom(ctx, input, 'campaign');
export const previewDecisionFromRound = (ctx: Ctx, input: FromRoundInput) =>
	previewFrom(ctx, input, 'round');
export const createDecisionFromRound = (ctx: Ctx, input: FromRoundInput) =>
	issueFrom(ctx, input, 'round');
export const previewDecisionFromLiveGame = (ctx: Ctx, input: FromLiveGameInput) =>
	previewFrom(ctx, input, 'game');
export const createDecisionFromLiveGame = (ctx: Ctx, input: FromLiveGameInput) =>
	issueFrom(ctx, input, 'game');
export const previewManualDecision = (ctx: Ctx, input: ManualDecisionInput) =>
	previewFrom(ctx, input, 'manual');
export const createManualDecision = (ctx: Ctx, input: ManualDecisionInput) =>
	issueFrom(ctx, input, 'manual');
