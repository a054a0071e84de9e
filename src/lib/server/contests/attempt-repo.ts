/** Attempts, their answers, and how a finished attempt becomes its player's round entry. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { GRACE_MS } from '$lib/shared/contests';
import type { Db } from '../db/client';
import { builtOncePer } from '../db/prepared';
import {
	attemptAnswers,
	attempts,
	contestPlayers,
	contestRounds,
	contests,
	type Attempt
} from '../db/schema';

import { rowsOf, SHARDS } from './leaderboard';

// ---- Attempts ----------------------------------------------------------------------------

export async function findAttempt(db: Db, id: number, lock = false): Promise<Attempt | null> {
	const query = db.select().from(attempts).where(eq(attempts.id, id));
	const [row] = lock ? await query.for('update') : await query;
	return row ?? null;
}

const attemptContext = (db: Db) =>
	db
		.select({ attempt: attempts, player: contestPlayers, round: contestRounds, contest: contests })
		.from(attempts)
		.innerJoin(contestPlayers, eq(contestPlayers.id, attempts.playerId))
		.innerJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.where(eq(attempts.id, sql.placeholder('id')));
const contextQuery = builtOncePer((db) => attemptContext(db).prepare('attempt_context'));
const lockedContextQuery = builtOncePer((db) =>
	attemptContext(db).for('update', { of: attempts }).prepare('attempt_context_locked')
);

/** An attempt with its player, round and contest in one read (the submit path's first step). */
export async function findAttemptContext(db: Db, id: number, lock = false) {
	const [row] = await (lock ? lockedContextQuery : contextQuery)(db).execute({ id });
	return row ?? null;
}

export async function listAttemptsOf(db: Db, roundId: number, playerId: number) {
	return db
		.select()
		.from(attempts)
		.where(and(eq(attempts.roundId, roundId), eq(attempts.playerId, playerId)))
		.orderBy(asc(attempts.attemptNo));
}

export async function insertAttempt(
	db: Db,
	values: Omit<typeof attempts.$inferInsert, 'id'>
): Promise<Attempt> {
	const [row] = await db.insert(attempts).values(values).returning();
	return row!;
}

export async function answersOf(db: Db, attemptId: number) {
	return db
		.select({
			questionId: attemptAnswers.questionId,
			answer: attemptAnswers.answer,
			correct: attemptAnswers.correct
		})
		.from(attemptAnswers)
		.where(eq(attemptAnswers.attemptId, attemptId));
}

/** An answer as stored: its question, the chosen indexes or typed text, and whether it is right. */
export interface MarkedAnswer {
	questionId: number;
	answer: number[] | string;
	correct: boolean;
}

/**
 * Answers of one or many attempts in one statement. The rows go as one JSON parameter: a sheet of
 * 20 answers is one value to encode and one statement text to plan, not 100 parameters in a text
 * that changes with the sheet's length.
 */
async function writeAnswers(
	db: Db,
	sheets: { attemptId: number; answers: readonly MarkedAnswer[]; savedAt: Date }[]
) {
	const rows = sheets.flatMap((s) =>
		s.answers.map((a) => [s.attemptId, a.questionId, a.answer, a.correct, s.savedAt])
	);
	if (rows.length === 0) return;
	await db.execute(sql`
		insert into attempt_answers (attempt_id, question_id, answer, saved_at, correct)
		select (r->>0)::int, (r->>1)::int, r->2, (r->>4)::timestamptz, (r->>3)::boolean
		from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as r
		on conflict (attempt_id, question_id) do update set
			answer = excluded.answer, correct = excluded.correct, saved_at = excluded.saved_at`);
}

/** Several answers of one attempt (a save carries what changed on the page). */
export function upsertAnswers(db: Db, attemptId: number, answers: MarkedAnswer[], now: Date) {
	return writeAnswers(db, [{ attemptId, answers, savedAt: now }]);
}

/** A submitted sheet: its answers (already marked) and how the attempt ends. */
export interface FinishedSheet {
	attemptId: number;
	answers: MarkedAnswer[];
	savedAt: Date;
	finishedAt: Date;
	timedOut: boolean;
}

/** A finished attempt's score, as its player is told. */
export interface FinishedScore {
	correctCount: number;
	durationMs: number;
	total: number;
}

/**
 * Ends several attempts in the caller's transaction: saves each sheet's answers and closes its
 * attempt (score = the answers marked right), then records the round entries. An attempt no
 * longer running when its row is locked (submitted twice, swept at its deadline) is left as it
 * is and missing from the answer. Four statements, however many sheets.
 */
export async function finishAttempts(
	db: Db,
	sheets: readonly FinishedSheet[]
): Promise<Map<number, FinishedScore>> {
	if (sheets.length === 0) return new Map();
	const ids = sheets.map((s) => s.attemptId);
	// Locked in id order, so two batches never wait on each other in a cycle (their attempts are
	// disjoint anyway). The sweep locks in its scan's order: a deadlock with it is detected by
	// PostgreSQL, and a failed batch is retried sheet by sheet.
	const running = new Set(
		rowsOf<{ id: number }>(
			await db.execute(sql`
				select id from attempts where id = any(${sql.param(ids)}::int[]) and finished_at is null
				order by id for update`)
		).map((r) => Number(r.id))
	);
	const open = sheets.filter((s) => running.has(s.attemptId));
	if (open.length === 0) return new Map();
	await writeAnswers(db, open);
	const ends = JSON.stringify(open.map((s) => [s.attemptId, s.finishedAt, s.timedOut]));
	const finished = rowsOf<{ id: number; correct: number; duration: number; total: number }>(
		await db.execute(sql`
			update attempts a set
				finished_at = (e->>1)::timestamptz,
				timed_out = (e->>2)::boolean,
				duration_ms = (extract(epoch from ((e->>1)::timestamptz - a.started_at)) * 1000)::int,
				correct_count = (select count(*)::int from attempt_answers x
					where x.attempt_id = a.id and x.correct)
			from jsonb_array_elements(${ends}::jsonb) as e
			where a.id = (e->>0)::int and a.finished_at is null
			returning a.id, a.correct_count as correct, a.duration_ms as duration,
				jsonb_array_length(a.question_ids) as total`)
	);
	await recordEntries(
		db,
		finished.map((r) => Number(r.id))
	);
	return new Map(
		finished.map((r) => [
			Number(r.id),
			{ correctCount: Number(r.correct), durationMs: Number(r.duration), total: Number(r.total) }
		])
	);
}

/**
 * Makes each finished attempt its player's round entry when it beats the one recorded, and
 * moves the player between score counts in the same statement (so they never disagree).
 */
async function recordEntries(db: Db, attemptIds: number[]) {
	if (attemptIds.length === 0) return;
	await db.execute(sql`
		with src as (
			select a.round_id, a.player_id, p.unit_id, p.unit_path, a.id, a.correct_count, a.prediction,
				a.duration_ms, a.finished_at, a.voided
			from attempts a join contest_players p on p.id = a.player_id
			where a.id in (${sql.join(
				attemptIds.map((id) => sql`${id}`),
				sql`, `
			)}) and a.finished_at is not null
		), old as (
			select e.round_id, e.player_id, e.correct_count, e.voided
			from round_entries e join src s on s.round_id = e.round_id and s.player_id = e.player_id
		), up as (
			insert into round_entries (round_id, player_id, unit_id, unit_path, attempt_id, correct_count,
				prediction, duration_ms, finished_at, voided)
			select round_id, player_id, unit_id, unit_path, id, correct_count, prediction, duration_ms,
				finished_at, voided
			from src
			on conflict (round_id, player_id) do update set
				attempt_id = excluded.attempt_id, correct_count = excluded.correct_count,
				prediction = excluded.prediction, duration_ms = excluded.duration_ms,
				finished_at = excluded.finished_at
			where excluded.correct_count > round_entries.correct_count
				or (excluded.correct_count = round_entries.correct_count
					and (excluded.duration_ms, excluded.finished_at) < (round_entries.duration_ms, round_entries.finished_at))
			returning round_id, player_id, correct_count, voided
		), delta as (
			select round_id, correct_count, player_id, 1 as d from up where not voided
			union all
			select o.round_id, o.correct_count, o.player_id, -1
			from old o join up u on u.round_id = o.round_id and u.player_id = o.player_id
			where not o.voided
		)
		insert into round_score_counts (round_id, correct_count, shard, n)
		select round_id, correct_count, pg_backend_pid() % ${SHARDS}, sum(d)::int from delta
		group by 1, 2, 3 having sum(d) <> 0
		-- One order for every writer, so two transactions never wait on each other in a cycle.
		order by 1, 2, 3
		on conflict (round_id, correct_count, shard) do update set n = round_score_counts.n + excluded.n`);
}

/** Which running attempts a sweep reads or closes: the whole round's, or one player's or one. */
export interface ExpiredScope {
	playerId?: number;
	attemptId?: number;
}

function expiredWhere(roundId: number, now: Date, only: ExpiredScope): SQL {
	const cutoff = new Date(now.getTime() - GRACE_MS).toISOString();
	return sql`a.round_id = ${roundId} and a.finished_at is null and a.deadline < ${cutoff}::timestamptz
		${only.playerId !== undefined ? sql`and a.player_id = ${only.playerId}` : sql``}
		${only.attemptId !== undefined ? sql`and a.id = ${only.attemptId}` : sql``}`;
}

/** Whether a sweep would close anything: a read of the running-attempts index, no lock. */
export async function hasExpiredRunning(
	db: Db,
	roundId: number,
	now: Date,
	only: ExpiredScope = {}
): Promise<boolean> {
	const result = await db.execute(
		sql`select 1 from attempts a where ${expiredWhere(roundId, now, only)} limit 1`
	);
	return rowsOf(result).length > 0;
}

/**
 * Ends the running attempts of a round whose deadline (plus grace) has passed, at their
 * deadline, and records their entries. Call it in a transaction: both writes go together.
 */
export async function closeExpired(db: Db, roundId: number, now: Date, only: ExpiredScope = {}) {
	const closed = await db.execute(sql`
		update attempts a set
			finished_at = a.deadline,
			timed_out = true,
			duration_ms = (extract(epoch from (a.deadline - a.started_at)) * 1000)::int,
			correct_count = (select count(*)::int from attempt_answers x where x.attempt_id = a.id and x.correct)
		where ${expiredWhere(roundId, now, only)}
		returning a.id`);
	await recordEntries(
		db,
		rowsOf<{ id: number }>(closed).map((r) => Number(r.id))
	);
}
