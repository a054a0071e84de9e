// The fast leaderboard (score counts + per-score indexes) against the full sort and the pure
// rules, on a fixed field with ties on every key, for every order of the four tie-breaks.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tieBreakKeys, type TieBreakKey } from '$lib/shared/contests';
import type { Database } from '../db/client';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import * as repo from './repo';
import { rankEntries, type RankEntry } from './rules';
import { addRound, createContest } from './service';

let database: Database;
let roundId: number;

const F = new Date('2026-11-23T05:00:00.000Z').getTime();

/** [name, correct, prediction, durationMs, finished offset ms]; some players play twice. */
type Play = [correct: number, prediction: number | null, durationMs: number, finishedAt: number];
const field: { name: string; plays: Play[]; voided?: boolean }[] = [
	{ name: 'p1', plays: [[5, 12, 60_000, 0]] },
	// Same distance to 10 as p1 from below, same time, same second: only the id separates them.
	{ name: 'p2', plays: [[5, 8, 60_000, 0]] },
	{ name: 'p3', plays: [[5, 10, 90_000, 1_000]] },
	{ name: 'p4', plays: [[5, null, 30_000, 2_000]] },
	{ name: 'p5', plays: [[5, 8, 30_000, 0]] },
	{ name: 'p6', plays: [[4, 10, 10_000, 5_000]] },
	{ name: 'p7', plays: [[4, null, 10_000, 5_000]] },
	{ name: 'p8', plays: [[4, 9, 50_000, -1_000]] },
	{ name: 'p9', plays: [[3, 11, 20_000, 0]] },
	{ name: 'p10', plays: [[3, 11, 20_000, 0]] },
	{ name: 'p11', plays: [[6, 100, 100_000, 9_000]] },
	{ name: 'p12', plays: [[5, null, 30_000, 2_000]] },
	{ name: 'p13', plays: [[6, 10, 1_000, 0]], voided: true },
	// A better second attempt replaces the first in the ranking and in the score counts.
	{
		name: 'p14',
		plays: [
			[2, 10, 40_000, -50_000],
			[4, 10, 40_000, 3_000]
		]
	},
	{ name: 'p15', plays: [[0, 10, 5_000, 0]] },
	{ name: 'p16', plays: [[5, 11, 60_000, 0]] }
];

const ids = new Map<string, number>();
const reference: RankEntry[] = [];

function permutations<T>(items: readonly T[]): T[][] {
	if (items.length <= 1) return [[...items]];
	return items.flatMap((x, i) =>
		permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest])
	);
}

beforeAll(async () => {
	database = await createTestDatabase();
	const tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, new Date(F - 86_400_000));
	const contest = await createContest(ctx, {
		unitId: tree.district.id,
		title: 'Xếp hạng',
		description: '',
		scope: 'members',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted']
	});
	const round = await addRound(ctx, {
		contestId: contest.id,
		title: 'Tuần 1',
		opensAt: new Date(F - 3_600_000),
		closesAt: new Date(F + 3_600_000),
		questionCount: 6,
		timeLimitMinutes: 10,
		attemptsAllowed: 2,
		topics: [],
		difficulties: [],
		predictionQuestion: 'Bao nhiêu người?',
		prizeTiers: []
	});
	roundId = round.id;
	const db = database.db;
	let n = 0;
	for (const entry of field) {
		n++;
		const player = await repo.insertPlayer(db, {
			contestId: contest.id,
			userId: null,
			unitId: tree.grassroots.id,
			unitPath: tree.grassroots.path,
			fullName: entry.name,
			phone: `09000000${String(n).padStart(2, '0')}`,
			idNumber: `00000000${String(n).padStart(4, '0')}`
		});
		ids.set(entry.name, player.id);
		for (const [no, [correct, prediction, durationMs, offset]] of entry.plays.entries()) {
			const finishedAt = new Date(F + offset);
			const attempt = await repo.insertAttempt(db, {
				roundId,
				playerId: player.id,
				attemptNo: no + 1,
				startedAt: new Date(finishedAt.getTime() - durationMs),
				deadline: new Date(finishedAt.getTime() + 600_000),
				questionIds: [],
				optionOrders: [],
				prediction
			});
			// The score is the answers marked right, as in play.
			await repo.finishAttempts(db, [
				{
					attemptId: attempt.id,
					answers: Array.from({ length: 6 }, (_, q) => ({
						questionId: q + 1,
						answer: [0],
						correct: q < correct
					})),
					savedAt: finishedAt,
					finishedAt,
					timedOut: false
				}
			]);
		}
		if (entry.voided)
			await repo.voidPlayer(db, player.id, {
				reason: 'Sai thông tin',
				byId: tree.organizer.id,
				now: new Date(F)
			});
		else
			for (const [correct, prediction, durationMs, offset] of entry.plays)
				reference.push({
					playerId: player.id,
					correct,
					prediction,
					durationMs,
					finishedAt: new Date(F + offset)
				});
	}
});
afterAll(async () => {
	await database?.close();
});

describe('fast ranking', () => {
	it('keeps score counts equal to the valid entries, after a better attempt and a void', async () => {
		const counts = repo.rowsOf<{ c: number; n: number }>(
			await database.db.execute(sql`
				select correct_count as c, sum(n)::int as n from round_score_counts
				where round_id = ${roundId} group by 1 having sum(n) <> 0 order by 1`)
		);
		const entries = repo.rowsOf<{ c: number; n: number }>(
			await database.db.execute(sql`
				select correct_count as c, count(*)::int as n from round_entries
				where round_id = ${roundId} and not voided group by 1 order by 1`)
		);
		expect(counts.map((r) => [Number(r.c), Number(r.n)])).toEqual(
			entries.map((r) => [Number(r.c), Number(r.n)])
		);
		expect(
			await repo.actualFigure(database.db, { id: roundId, questionCount: 6 }, 'participants')
		).toBe(field.length - 1);
		expect(await repo.actualFigure(database.db, { id: roundId, questionCount: 6 }, 'perfect')).toBe(
			1
		);
	});

	const orders = permutations(tieBreakKeys) as TieBreakKey[][];
	it.each(orders.map((o) => [o.join(' > '), o] as const))(
		'equals the full sort and the rules for %s',
		async (_, order) => {
			for (const actual of [10, 15, 0]) {
				const expected = rankEntries(reference, order, actual);
				const total = expected.length;
				expect(total).toBe(field.length - 1);
				for (let limit = 1; limit <= total + 1; limit++) {
					const fast = await repo.topOfRound(database.db, roundId, order, actual, { limit });
					const full = await repo.fullTopOfRound(database.db, roundId, order, actual, { limit });
					const want = expected.slice(0, limit).map((e) => [e.playerId, e.rank]);
					expect(fast.map((r) => [r.playerId, r.rank])).toEqual(want);
					expect(full.map((r) => [r.playerId, r.rank])).toEqual(want);
				}
				const page = await repo.topOfRound(database.db, roundId, order, actual, {
					limit: 4,
					offset: 5
				});
				expect(page.map((r) => [r.playerId, r.rank])).toEqual(
					expected.slice(5, 9).map((e) => [e.playerId, e.rank])
				);
				for (const e of expected) {
					const want = { rank: e.rank, total };
					expect(await repo.rankOfPlayer(database.db, roundId, e.playerId, order, actual)).toEqual(
						want
					);
					expect(
						await repo.fullRankOfPlayer(database.db, roundId, e.playerId, order, actual)
					).toEqual(want);
				}
				// A voided player has no rank.
				expect(
					await repo.rankOfPlayer(database.db, roundId, ids.get('p13')!, order, actual)
				).toBeNull();
			}
		}
	);
});
