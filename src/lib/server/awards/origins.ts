/** Where a decision's recipients come from, each source read, authorised and planned alike. */
import type {
	FromCampaignInput,
	FromLiveGameInput,
	FromRoundInput,
	ManualDecisionInput
} from '$lib/schemas/awards';
import type { AwardKind, AwardSource } from '$lib/shared/awards';
import type { Actor } from '../auth/actor';
import { findCampaign } from '../campaigns';
import type { Ctx } from '../context';
import { findContest, findRound } from '../contests';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import { listPublicShortlist } from '../judging';
import { findGame } from '../live';
import { findActiveUnit } from '../units';
import type { Scope } from '../usecase';
import { kindFromTier, livePrizeWording, roundPrizeWording } from './rules';
import { campaignResults, liveGameResults, roundResults, type Candidate } from './sources';

type Planned = Candidate & { kind: AwardKind; customKind: string | null };

/** What a decision would write: its issuing unit, its source and its recipients in order. */
export interface Plan {
	unit: { id: number; path: string };
	source: { source: AwardSource; campaignId?: number; roundId?: number; gameId?: number };
	recipients: Planned[];
}

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
export interface Origin<I, S> {
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
			email: r.email ?? null,
			kind: input.kind,
			customKind: input.customKind ?? null
		}))
	})
};

export const origins = {
	campaign: fromCampaign,
	round: fromRound,
	game: fromLiveGame,
	manual
} as const;
