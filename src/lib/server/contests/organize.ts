/** What organizers do to a contest: create and edit it, add and open rounds, void, publish. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { contestSchema, contestUpdateSchema, roundSchema, voidSchema } from '$lib/schemas/contests';
import { DEFAULT_GUEST_HOURLY_LIMIT } from '$lib/shared/contests';
import { administeredPaths, authorize, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { conflict, invalid, notFound } from '../errors';
import { lockQuestions } from '../questions';
import { enqueueMail } from '../notifications';
import { findActiveUnit } from '../units';
import { defineUseCase } from '../usecase';
import {
	closeExpiredAttempts,
	contestResource,
	loadContest,
	loadManaged,
	loadRound,
	manageCheck,
	publicRound
} from './access';
import {
	confirmOpenRound,
	confirmPublish,
	confirmVoid,
	roundPool,
	roundWinners
} from './confirmations';
import * as repo from './repo';
import { contestTermsRefusal, roundOverlapErrors } from './rules';
import { DEFAULT_RETENTION_MONTHS } from '$lib/shared/privacy';

export async function listContests(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listContests(ctx.db, administeredPaths(actor));
}

export const createContest = defineUseCase({
	name: 'contest.create',
	input: contestSchema,
	load: async ({ db }, input) => {
		const unit = await findActiveUnit(db, input.unitId);
		if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
		return unit;
	},
	authorize: (_actor, unit, input) => ({
		action: 'contest.manage',
		resource: { kind: 'contest', unitPath: unit.path, scope: input.scope }
	}),
	run: ({ db, actor }, input, unit) => repo.insertContest(db, input, unit, actor.id),
	audit: (contest) => ({
		entityType: 'contest',
		entityId: contest.id,
		unitPath: contest.unitPath,
		after: {
			title: contest.title,
			scope: contest.scope,
			tieBreaks: contest.tieBreaks,
			guestHourlyLimit: contest.guestHourlyLimit,
			retentionMonths: contest.retentionMonths
		}
	})
});

const contestRef = { id: id('cuộc thi') };
const editable = [
	'title',
	'description',
	'scope',
	'predictionKind',
	'tieBreaks',
	'guestHourlyLimit',
	'retentionMonths'
] as const;

/**
 * Edits a contest. Its title, rules text and guest limit can change at any time; who may play
 * and how the board ranks only until a round opens (`contestTermsRefusal`).
 */
export const updateContest = defineUseCase({
	name: 'contest.update',
	input: contestUpdateSchema.extend(contestRef),
	load: ({ db }, input) => loadContest(db, input.id),
	authorize: (_actor, contest, input) => [
		manageCheck(contest),
		// Opening the contest to the public is judged for the new scope too.
		{ action: 'contest.manage', resource: { ...contestResource(contest), scope: input.scope } }
	],
	run: async ({ db }, { id, ...input }, contest) => {
		const refusal = contestTermsRefusal(contest, input, await repo.hasOpenedRound(db, id));
		if (refusal) throw conflict(refusal);
		return repo.updateContest(db, id, {
			title: input.title,
			description: input.description,
			scope: input.scope,
			predictionKind: input.predictionKind,
			tieBreaks: input.tieBreaks,
			guestHourlyLimit: input.guestHourlyLimit ?? DEFAULT_GUEST_HOURLY_LIMIT,
			retentionMonths: input.retentionMonths ?? DEFAULT_RETENTION_MONTHS
		});
	},
	audit: (updated, _input, contest) => {
		const changed = editable.filter(
			(f) => JSON.stringify(contest[f]) !== JSON.stringify(updated[f])
		);
		return {
			entityType: 'contest',
			entityId: contest.id,
			unitPath: contest.unitPath,
			before: Object.fromEntries(changed.map((f) => [f, contest[f]])),
			after: Object.fromEntries(changed.map((f) => [f, updated[f]]))
		};
	}
});

export async function getContestForOrganizer(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, id);
	const [rounds, players] = await Promise.all([
		repo.listRounds(ctx.db, id),
		repo.listPlayers(ctx.db, id)
	]);
	return {
		contest,
		// Who may play and how ties break are fixed once a round has opened.
		termsLocked: rounds.some((r) => r.lockedAt !== null),
		rounds: rounds.map((r) => ({
			...publicRound(r, ctx.now),
			topics: r.topics,
			difficulties: r.difficulties
		})),
		players
	};
}

/**
 * Adds a round to a contest. Its window may not overlap another round's: the contest row is
 * locked first, so two organizers adding rounds at once are checked one after the other.
 */
export const addRound = defineUseCase({
	name: 'contest.round_create',
	input: roundSchema.and(z.object({ contestId: id('cuộc thi') })),
	load: ({ db }, input) => loadContest(db, input.contestId, true),
	authorize: (_actor, contest) => manageCheck(contest),
	run: async ({ db }, { contestId, ...input }) => {
		const overlap = roundOverlapErrors(await repo.listRounds(db, contestId), input);
		if (overlap)
			throw invalid('Tuần thi mới trùng thời gian với một tuần thi khác của cuộc thi.', overlap);
		return repo.insertRound(db, contestId, input);
	},
	audit: (round, _input, contest) => ({
		entityType: 'contest_round',
		entityId: round.id,
		unitPath: contest.unitPath,
		after: { title: round.title, opensAt: round.opensAt, closesAt: round.closesAt }
	})
});

const roundRef = z.object({ roundId: id('tuần thi') });

/**
 * Opens a round for play: fixes the pool it draws from (approved questions citing a source)
 * and locks those questions, so the bank cannot change under a running round.
 */
export const openRound = defineUseCase({
	name: 'contest.round_open',
	input: roundRef,
	load: ({ db }, input) => loadRound(db, input.roundId, true),
	authorize: (_actor, { contest }) => manageCheck(contest),
	confirm: confirmOpenRound,
	run: async ({ db, now }, _input, { round, contest }) => {
		const pool = await roundPool(db, { round, contest });
		const ids = pool.map((q) => q.id);
		await repo.fixPool(db, round.id, ids, now);
		await lockQuestions(db, ids, now);
		return { poolSize: ids.length };
	},
	audit: ({ poolSize }, _input, { round, contest }) => ({
		entityType: 'contest_round',
		entityId: round.id,
		unitPath: contest.unitPath,
		after: { pool: poolSize }
	})
});

export const voidPlayer = defineUseCase({
	name: 'contest.player_void',
	input: voidSchema.extend({ contestId: id('cuộc thi') }),
	load: async ({ db }, input) => ({
		contest: await loadContest(db, input.contestId),
		player: await repo.findPlayer(db, input.playerId)
	}),
	authorize: (_actor, { contest }) => manageCheck(contest),
	confirm: confirmVoid,
	run: async ({ db, actor, now }, input, { contest, player }) => {
		if (!player || player.contestId !== contest.id) throw notFound('Không tìm thấy người dự thi.');
		if (player.voidedAt) throw conflict('Kết quả của người này đã bị huỷ trước đó.');
		await repo.voidPlayer(db, player.id, { reason: input.reason, byId: actor.id, now });
		return player;
	},
	audit: (player, input) => ({
		entityType: 'contest_player',
		entityId: player.id,
		unitPath: player.unitPath,
		before: { voided: false },
		after: { voided: true, reason: input.reason }
	}),
	present: () => undefined
});

/** Publishes a closed round's winners by its prize tiers (the awards area reads them). */
export const publishWinners = defineUseCase({
	name: 'contest.winners_publish',
	input: roundRef,
	load: ({ db }, input) => loadRound(db, input.roundId, true),
	authorize: (_actor, { contest }) => manageCheck(contest),
	confirm: confirmPublish,
	run: async ({ db, now }, _input, { round, contest }) => {
		await closeExpiredAttempts(db, round, now);
		const { winners, actual } = await roundWinners(db, { round, contest }, now);
		await repo.insertWinners(
			db,
			round.id,
			winners.map((w) => ({ playerId: w.playerId, rank: w.rank, tier: w.tier })),
			now
		);
		// Players who asked at registration get their own result, in the same transaction.
		const prizes = new Map(winners.map((w) => [w.playerId, w.tier]));
		for (const r of await repo.subscribedResults(db, round.id, contest.tieBreaks, actual)) {
			await enqueueMail(db, now, {
				kind: 'contest_results',
				to: r.resultsEmail,
				userId: r.userId,
				topic: 'contests',
				data: {
					fullName: r.fullName,
					contestId: contest.id,
					contestTitle: contest.title,
					roundId: round.id,
					roundTitle: round.title,
					questionCount: round.questionCount,
					correct: r.correct,
					durationMs: r.durationMs,
					rank: r.rank,
					total: r.total,
					tier: prizes.get(r.playerId) ?? null
				}
			});
		}
		return winners;
	},
	audit: (winners, _input, { round, contest }) => ({
		entityType: 'contest_round',
		entityId: round.id,
		unitPath: contest.unitPath,
		after: { winners: winners.map((w) => ({ playerId: w.playerId, tier: w.tier })) }
	})
});
