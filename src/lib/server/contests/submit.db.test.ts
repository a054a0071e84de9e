// Submissions are group-committed (submit-batcher.ts): sheets sent together share transactions,
// and each is still stored once, scored as answered, and acknowledged only once stored.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRACE_MS } from '$lib/shared/contests';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/client';
import { attempts, questions } from '../db/schema';
import {
	contestInput,
	makeApprovedQuestion,
	optionIdOf,
	registeredMember,
	roundInput
} from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { statusOf } from '../testing/status';
import { addRound, createContest, getAttempt, openRound, startAttempt } from './service';
import { submitAttempt } from './service';
import { rowsOf } from './repo';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let contestId: number;
let roundId: number;

const T0 = new Date('2026-11-23T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const QUESTIONS = 4;

/** A member registered for the contest with an attempt started at `start`. */
async function playerWithAttempt(start = minutes(1)) {
	const actor = await registeredMember(database, contestId, tree.grassroots, T0);
	const { attemptId } = await startAttempt(ctxFor(database, actor, start), { roundId });
	return { actor, attemptId };
}

/** The whole sheet as the page's form sends it: the first `right` answers right, the rest wrong. */
async function sheet(actor: Actor, attemptId: number, right: number) {
	const view = await getAttempt(ctxFor(database, actor, minutes(1)), attemptId);
	const answers = [];
	for (const [i, q] of view.questions.entries()) {
		const [row] = await database.db.select().from(questions).where(eq(questions.id, q.id));
		const correct = row!.correct[0]!;
		const chosen = i < right ? correct : (correct + 1) % row!.options.length;
		answers.push({ questionId: q.id, choice: [optionIdOf(q, row!.options[chosen]!)] });
	}
	return { attemptId, answers };
}

/** What the database holds of a round: attempts closed, entries, and the score counts' total. */
async function stored() {
	const [row] = rowsOf<{ finished: number; entries: number; counted: number }>(
		await database.db.execute(sql`select
			(select count(*)::int from attempts where round_id = ${roundId} and finished_at is not null) as finished,
			(select count(*)::int from round_entries where round_id = ${roundId}) as entries,
			(select coalesce(sum(n), 0)::int from round_score_counts where round_id = ${roundId}) as counted`)
	);
	return row!;
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, T0);
	for (let i = 0; i < QUESTIONS; i++) await makeApprovedQuestion(ctx, tree.district.id);
	contestId = (await createContest(ctx, contestInput(tree.district.id, 'Nộp bài cùng lúc'))).id;
	roundId = (
		await addRound(ctx, {
			contestId,
			...roundInput('Tuần 1', T0, minutes(120), { questionCount: QUESTIONS })
		})
	).id;
	await openRound(ctx, { roundId });
});

afterAll(() => database?.close());

describe('submissions sent together', () => {
	it('are each stored once and scored as answered, however many arrive at once', async () => {
		const players = [];
		for (let i = 0; i < 12; i++) players.push(await playerWithAttempt());
		const before = await stored();
		const sheets = await Promise.all(
			players.map((p, i) => sheet(p.actor, p.attemptId, i % (QUESTIONS + 1)))
		);
		const results = await Promise.all(
			players.map((p, i) => submitAttempt(ctxFor(database, p.actor, minutes(3)), sheets[i]!))
		);
		for (const [i, result] of results.entries()) {
			expect(result).toEqual({
				correct: i % (QUESTIONS + 1),
				total: QUESTIONS,
				durationMs: 2 * 60_000,
				late: false
			});
			const [row] = await database.db
				.select()
				.from(attempts)
				.where(eq(attempts.id, players[i]!.attemptId));
			expect(row!.correctCount).toBe(i % (QUESTIONS + 1));
			expect(row!.finishedAt).toEqual(minutes(3));
		}
		expect(await stored()).toEqual({
			finished: before.finished + 12,
			entries: before.entries + 12,
			counted: before.counted + 12
		});
	});

	it('stores a sheet sent twice at once one time, and refuses the other copy', async () => {
		const { actor, attemptId } = await playerWithAttempt();
		const others = [await playerWithAttempt(), await playerWithAttempt()];
		const before = await stored();
		const mine = await sheet(actor, attemptId, 3);
		const outcomes = await Promise.allSettled([
			submitAttempt(ctxFor(database, actor, minutes(4)), mine),
			submitAttempt(ctxFor(database, actor, minutes(4)), mine),
			...others.map((o) => submitAttempt(ctxFor(database, o.actor, minutes(4)), o))
		]);
		const [first, second, ...rest] = outcomes;
		expect([first!.status, second!.status].sort()).toEqual(['fulfilled', 'rejected']);
		const refused = [first, second].find((o) => o!.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason.status).toBe(409);
		expect(refused.reason.message).toBe('Bài thi đã được nộp.');
		// The others in the same moment are not held back by the refused copy.
		for (const o of rest) expect(o.status).toBe('fulfilled');
		expect(await stored()).toEqual({
			finished: before.finished + 3,
			entries: before.entries + 3,
			counted: before.counted + 3
		});
		const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
		expect(row!.correctCount).toBe(3);
	});

	it('counts a sheet sent at the deadline plus grace, and closes one sent 1 ms later at the deadline without its answers', async () => {
		const onTime = await playerWithAttempt(minutes(5));
		const late = await playerWithAttempt(minutes(5));
		// Ten minutes an attempt: both deadlines are minutes(15).
		const edge = new Date(minutes(15).getTime() + GRACE_MS);
		const [a, b] = await Promise.all([
			submitAttempt(
				ctxFor(database, onTime.actor, edge),
				await sheet(onTime.actor, onTime.attemptId, QUESTIONS)
			),
			submitAttempt(
				ctxFor(database, late.actor, new Date(edge.getTime() + 1)),
				await sheet(late.actor, late.attemptId, QUESTIONS)
			)
		]);
		expect(a).toEqual({
			correct: QUESTIONS,
			total: QUESTIONS,
			durationMs: 10 * 60_000,
			late: false
		});
		expect(b).toEqual({ correct: 0, total: QUESTIONS, durationMs: 10 * 60_000, late: true });
		const [row] = await database.db.select().from(attempts).where(eq(attempts.id, late.attemptId));
		expect(row).toMatchObject({ timedOut: true, finishedAt: minutes(15), correctCount: 0 });
		// Another's attempt is not found, in a batch or not.
		expect(
			await statusOf(
				submitAttempt(ctxFor(database, tree.member, minutes(6)), { attemptId: onTime.attemptId })
			)
		).toBe(404);
	});
});
