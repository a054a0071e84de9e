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
import { awardLabel, type AwardKind, type AwardSource } from '$lib/shared/awards';
import { foldVietnamese } from '$lib/shared/text';
import { findCampaign } from '../campaigns';
import type { Ctx } from '../context';
import { findContest, findRound } from '../contests';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { listPublicShortlist } from '../judging';
import { findGame } from '../live';
import { findActiveUnit } from '../units';
import { defineUseCase, type Check, type Scope } from '../usecase';
import type { Actor } from '../auth/actor';
import * as repo from './repo';
import {
	certificateCodeFrom,
	CODE_LENGTH,
	confirmationToken,
	kindFromTier,
	livePrizeWording,
	roundPrizeWording,
	slugFor,
	yearOf
} from './rules';
import { campaignResults, liveGameResults, roundResults, type Candidate } from './sources';

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

type Planned = Candidate & { kind: AwardKind; customKind: string | null };

/** What a decision would write: its issuing unit, its source and its recipients in order. */
interface Plan {
	unit: { id: number; path: string };
	source: { source: AwardSource; campaignId?: number; roundId?: number; gameId?: number };
	recipients: Planned[];
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
	const ids = await repo.insertRecipients(
		db,
		recipients.map((r, i) => ({
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
			certificateCode: newCode(),
			rank: i + 1,
			createdAt: now,
			updatedAt: now
		})),
		slugFor
	);
	await repo.insertEvent(db, {
		decisionId,
		at: now,
		actorId: actor.id,
		action: 'create',
		after: { number: input.number, recipients: ids.length }
	});
	return { id: decisionId, recipients: ids.length };
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
		kinds: [...kinds].map(([label, count]) => ({ label, count })),
		token: tokenOf(input, plan)
	};
}
export type DecisionPreview = Awaited<ReturnType<typeof previewOf>>;

/**
 * A campaign's accepted dossiers with the judged shortlist first, in its order, then the rest:
 * the shortlist is what the panel chose, the others only what screening let through.
 */
export async function rankedCampaignResults(ctx: Ctx, campaignId: number) {
	const results = await campaignResults(ctx.db, campaignId);
	const finalists = new Set(
		(await listPublicShortlist(ctx, campaignId)).map((f) => f.nominationId)
	);
	const marked = results.map((c) => ({
		...c,
		shortlisted: c.nominationId !== null && finalists.has(c.nominationId)
	}));
	return [...marked.filter((c) => c.shortlisted), ...marked.filter((c) => !c.shortlisted)];
}

/** Where the recipients come from: what is read, who may issue from it, and the plan. */
interface Origin<I, S> {
	/** Reads the source; throws "not found" when it is absent. */
	load: (db: Db, input: I) => Promise<S>;
	/** The unit that issues, and the message that hides the source from those who may not. */
	issuer: (source: S) => { path: string; hidden?: string };
	plan: (scope: Scope<Actor>, input: I, source: S) => Promise<Plan>;
}

const CAMPAIGN_MISSING = 'Không tìm thấy đợt tôn vinh.';

/** The chosen dossiers among a campaign's accepted ones, issued by its organizing unit. */
const fromCampaign: Origin<
	FromCampaignInput,
	NonNullable<Awaited<ReturnType<typeof findCampaign>>>
> = {
	load: async (db, input) => {
		const campaign = await findCampaign(db, input.campaignId);
		if (!campaign) throw notFound(CAMPAIGN_MISSING);
		return campaign;
	},
	issuer: (campaign) => ({ path: campaign.organizingUnitPath, hidden: CAMPAIGN_MISSING }),
	plan: async (scope, input, campaign) => {
		const results = await rankedCampaignResults(scope, campaign.id);
		const chosen = new Set(input.nominationIds);
		const picked = results.filter((c) => c.nominationId !== null && chosen.has(c.nominationId));
		if (picked.length !== chosen.size)
			throw conflict('Có hồ sơ đã chọn không còn nằm trong kết quả của đợt. Vui lòng tải lại.');
		return {
			unit: { id: campaign.organizingUnitId, path: campaign.organizingUnitPath },
			source: { source: 'campaign', campaignId: campaign.id },
			recipients: picked.map((c) => ({
				...c,
				kind: input.kind,
				customKind: input.customKind ?? null
			}))
		};
	}
};

const ROUND_MISSING = 'Không tìm thấy tuần thi.';

/** A contest round's published winners, each with their prize. */
const fromRound: Origin<
	FromRoundInput,
	{
		round: NonNullable<Awaited<ReturnType<typeof findRound>>>;
		contest: NonNullable<Awaited<ReturnType<typeof findContest>>>;
	}
> = {
	load: async (db, input) => {
		const round = await findRound(db, input.roundId);
		const contest = round ? await findContest(db, round.contestId) : null;
		if (!round || !contest) throw notFound(ROUND_MISSING);
		return { round, contest };
	},
	issuer: ({ contest }) => ({ path: contest.unitPath, hidden: ROUND_MISSING }),
	plan: async ({ db }, input, { round, contest }) => {
		if (!round.winnersPublishedAt) throw conflict('Tuần thi này chưa công bố giải.');
		const winners = await roundResults(db, round.id);
		return {
			unit: { id: contest.unitId, path: contest.unitPath },
			source: { source: 'contest_round', roundId: round.id },
			recipients: winners.map((w) => ({
				...w,
				achievement: roundPrizeWording(w.tier ?? '', round.title, contest.title, input.citation),
				...kindFromTier(w.tier ?? '')
			}))
		};
	}
};

const GAME_MISSING = 'Không tìm thấy trò chơi.';

/**
 * A finished live game's top three places (ties share a place): Giải Nhất, Nhì, Ba, issued by
 * the game's unit.
 */
const fromLiveGame: Origin<
	FromLiveGameInput,
	{
		game: NonNullable<Awaited<ReturnType<typeof findGame>>>;
		unit: NonNullable<Awaited<ReturnType<typeof findActiveUnit>>>;
	}
> = {
	load: async (db, input) => {
		const game = await findGame(db, input.gameId);
		const unit = game ? await findActiveUnit(db, game.unitId) : null;
		if (!game || !unit) throw notFound(GAME_MISSING);
		return { game, unit };
	},
	issuer: ({ unit }) => ({ path: unit.path, hidden: GAME_MISSING }),
	plan: async ({ db }, input, { game, unit }) => {
		if (game.state !== 'finished') throw conflict('Trò chơi chưa kết thúc.');
		if (game.startedAt === null)
			throw conflict('Trò chơi kết thúc khi chưa bắt đầu: không có kết quả.');
		const placed = await liveGameResults(db, game.id);
		return {
			unit,
			source: { source: 'live_game', gameId: game.id },
			recipients: placed.map((p) => ({
				...p,
				achievement: livePrizeWording(p.tier ?? '', game.title, input.citation),
				...kindFromTier(p.tier ?? '')
			}))
		};
	}
};

/** People or collectives entered by hand, one line each. */
const manual: Origin<
	ManualDecisionInput,
	NonNullable<Awaited<ReturnType<typeof findActiveUnit>>>
> = {
	load: async (db, input) => {
		const unit = await findActiveUnit(db, input.unitId);
		if (!unit) throw notFound('Không tìm thấy đơn vị.');
		return unit;
	},
	// A unit the actor sees in the form: refused as forbidden, not hidden.
	issuer: (unit) => ({ path: unit.path }),
	plan: async (_scope, input, unit) => ({
		unit,
		source: { source: 'manual' },
		recipients: input.recipients.map((r, i) => ({
			type: input.type,
			name: r.name,
			unitId: null,
			unitName: r.unitName,
			position: r.position,
			achievement: '',
			field: null,
			nominationId: null,
			playerId: null,
			tier: null,
			rank: i + 1,
			kind: input.kind,
			customKind: input.customKind ?? null
		}))
	})
};

const origins = {
	campaign: fromCampaign,
	round: fromRound,
	game: fromLiveGame,
	manual
} as const;

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
