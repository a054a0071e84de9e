import {
	and,
	asc,
	desc,
	eq,
	isNotNull,
	isNull,
	like,
	lt,
	lte,
	gt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { TieBreakKey } from '$lib/shared/contests';
import { GRACE_MS } from '$lib/shared/contests';
import type { ContestInput, RoundInput } from '$lib/schemas/contests';
import type { Db } from '../db/client';
import {
	attemptAnswers,
	attempts,
	contestAddressCounts,
	contestPlayers,
	contestRounds,
	contests,
	roundPool,
	roundWinners,
	units,
	type Attempt,
	type Contest,
	type ContestPlayer,
	type ContestRound
} from '../db/schema';

export async function findContest(db: Db, id: number, lock = false): Promise<Contest | null> {
	const query = db.select().from(contests).where(eq(contests.id, id));
	const [row] = lock ? await query.for('update') : await query;
	return row ?? null;
}

export async function listContests(db: Db, withinPaths: string[] | null) {
	const conditions: SQL[] = [];
	if (withinPaths) {
		const scopes = withinPaths.map((p) => like(contests.unitPath, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	return db
		.select()
		.from(contests)
		.where(and(...conditions))
		.orderBy(desc(contests.id));
}

/**
 * Contests with a round open now, for the home page: each contest once (rounds opened before
 * overlaps were refused may still share a window), with the first of its open rounds to close.
 */
export async function listOpenContests(db: Db, now: Date) {
	const closesAt = () => sql`min(${contestRounds.closesAt})`;
	return db
		.select({
			id: contests.id,
			title: contests.title,
			closesAt: closesAt().mapWith(contestRounds.closesAt)
		})
		.from(contests)
		.innerJoin(contestRounds, eq(contestRounds.contestId, contests.id))
		.where(
			and(
				sql`${contestRounds.lockedAt} is not null`,
				lte(contestRounds.opensAt, now),
				gt(contestRounds.closesAt, now)
			)
		)
		.groupBy(contests.id)
		.orderBy(asc(closesAt()), asc(contests.id))
		.limit(10);
}

export async function insertContest(
	db: Db,
	input: ContestInput,
	unit: { id: number; path: string },
	createdById: number
): Promise<Contest> {
	const [row] = await db
		.insert(contests)
		.values({
			unitId: unit.id,
			unitPath: unit.path,
			title: input.title,
			description: input.description,
			scope: input.scope,
			predictionKind: input.predictionKind,
			tieBreaks: input.tieBreaks,
			guestHourlyLimit: input.guestHourlyLimit,
			createdById
		})
		.returning();
	return row!;
}

export async function updateContest(
	db: Db,
	id: number,
	patch: Pick<
		Contest,
		'title' | 'description' | 'scope' | 'predictionKind' | 'tieBreaks' | 'guestHourlyLimit'
	>
): Promise<Contest> {
	const [row] = await db.update(contests).set(patch).where(eq(contests.id, id)).returning();
	return row!;
}

/** Whether any round was opened (its pool fixed): players may have entered. */
export async function hasOpenedRound(db: Db, contestId: number): Promise<boolean> {
	const [row] = await db
		.select({ id: contestRounds.id })
		.from(contestRounds)
		.where(and(eq(contestRounds.contestId, contestId), isNotNull(contestRounds.lockedAt)))
		.limit(1);
	return row !== undefined;
}

export async function listRounds(db: Db, contestId: number): Promise<ContestRound[]> {
	return db
		.select()
		.from(contestRounds)
		.where(eq(contestRounds.contestId, contestId))
		.orderBy(asc(contestRounds.number));
}

export async function findRound(db: Db, id: number, lock = false): Promise<ContestRound | null> {
	const query = db.select().from(contestRounds).where(eq(contestRounds.id, id));
	const [row] = lock ? await query.for('update') : await query;
	return row ?? null;
}

export async function insertRound(db: Db, contestId: number, input: RoundInput) {
	const [{ next } = { next: 1 }] = await db
		.select({ next: sql<number>`coalesce(max(${contestRounds.number}), 0)::int + 1` })
		.from(contestRounds)
		.where(eq(contestRounds.contestId, contestId));
	const [row] = await db
		.insert(contestRounds)
		.values({
			contestId,
			number: next,
			title: input.title,
			opensAt: input.opensAt,
			closesAt: input.closesAt,
			questionCount: input.questionCount,
			timeLimitSeconds: input.timeLimitMinutes * 60,
			attemptsAllowed: input.attemptsAllowed,
			topics: input.topics,
			difficulties: input.difficulties,
			predictionQuestion: input.predictionQuestion,
			prizeTiers: input.prizeTiers
		})
		.returning();
	return row!;
}

export async function fixPool(db: Db, roundId: number, questionIds: number[], now: Date) {
	await db.insert(roundPool).values(questionIds.map((questionId) => ({ roundId, questionId })));
	await db.update(contestRounds).set({ lockedAt: now }).where(eq(contestRounds.id, roundId));
}

export async function poolOf(db: Db, roundId: number) {
	return db
		.select({ id: roundPool.questionId })
		.from(roundPool)
		.where(eq(roundPool.roundId, roundId));
}

// ---- Players -----------------------------------------------------------------------------

export async function findPlayerOfUser(
	db: Db,
	contestId: number,
	userId: number
): Promise<ContestPlayer | null> {
	const [row] = await db
		.select()
		.from(contestPlayers)
		.where(and(eq(contestPlayers.contestId, contestId), eq(contestPlayers.userId, userId)));
	return row ?? null;
}

/** A guest's registration, by the hash of the browser's token. */
export async function findPlayerOfGuest(
	db: Db,
	contestId: number,
	tokenHash: string
): Promise<ContestPlayer | null> {
	const [row] = await db
		.select()
		.from(contestPlayers)
		.where(
			and(eq(contestPlayers.contestId, contestId), eq(contestPlayers.guestTokenHash, tokenHash))
		);
	return row ?? null;
}

export async function findPlayer(db: Db, id: number): Promise<ContestPlayer | null> {
	const [row] = await db.select().from(contestPlayers).where(eq(contestPlayers.id, id));
	return row ?? null;
}

export async function insertPlayer(
	db: Db,
	values: Omit<typeof contestPlayers.$inferInsert, 'id'>
): Promise<ContestPlayer> {
	const [row] = await db.insert(contestPlayers).values(values).returning();
	return row!;
}

/**
 * Counts one guest registration against its address's limit for the hour; false when the
 * limit is reached. The counter row's lock orders concurrent registrations from one address.
 */
export async function chargeGuestAddress(
	db: Db,
	charge: { contestId: number; addressHash: string; hour: Date; limit: number }
): Promise<boolean> {
	const rows = await db
		.insert(contestAddressCounts)
		.values({
			contestId: charge.contestId,
			addressHash: charge.addressHash,
			hour: charge.hour,
			registrations: 1
		})
		.onConflictDoUpdate({
			target: [
				contestAddressCounts.contestId,
				contestAddressCounts.addressHash,
				contestAddressCounts.hour
			],
			set: { registrations: sql`${contestAddressCounts.registrations} + 1` },
			setWhere: sql`${contestAddressCounts.registrations} < ${charge.limit}`
		})
		.returning({ registrations: contestAddressCounts.registrations });
	return rows.length === 1;
}

/** Past hours' counters limit nothing any more. */
export async function purgeGuestAddressCounts(db: Db, before: Date) {
	await db.delete(contestAddressCounts).where(lt(contestAddressCounts.hour, before));
}

export async function voidPlayer(
	db: Db,
	playerId: number,
	values: { reason: string; byId: number; now: Date }
) {
	await db
		.update(contestPlayers)
		.set({ voidedAt: values.now, voidReason: values.reason, voidedById: values.byId })
		.where(eq(contestPlayers.id, playerId));
	await db.update(attempts).set({ voided: true }).where(eq(attempts.playerId, playerId));
	// The entries leave the score counts in the same statement that voids them.
	await db.execute(sql`
		with voided as (
			update round_entries set voided = true
			where player_id = ${playerId} and not voided
			returning round_id, correct_count, player_id
		)
		insert into round_score_counts (round_id, correct_count, shard, n)
		select round_id, correct_count, pg_backend_pid() % ${SHARDS}, -count(*)::int from voided
		group by 1, 2, 3 order by 1, 2, 3
		on conflict (round_id, correct_count, shard) do update set n = round_score_counts.n + excluded.n`);
}

export async function listPlayers(db: Db, contestId: number, limit = 200) {
	return db
		.select({
			id: contestPlayers.id,
			fullName: contestPlayers.fullName,
			phone: contestPlayers.phone,
			unitName: units.name,
			voidedAt: contestPlayers.voidedAt,
			voidReason: contestPlayers.voidReason,
			createdAt: contestPlayers.createdAt
		})
		.from(contestPlayers)
		.innerJoin(units, eq(units.id, contestPlayers.unitId))
		.where(eq(contestPlayers.contestId, contestId))
		.orderBy(desc(contestPlayers.id))
		.limit(limit);
}

// ---- Attempts ----------------------------------------------------------------------------

export async function findAttempt(db: Db, id: number, lock = false): Promise<Attempt | null> {
	const query = db.select().from(attempts).where(eq(attempts.id, id));
	const [row] = lock ? await query.for('update') : await query;
	return row ?? null;
}

/** An attempt with its player, round and contest in one read (the submit path's first step). */
export async function findAttemptContext(db: Db, id: number, lock = false) {
	const query = db
		.select({ attempt: attempts, player: contestPlayers, round: contestRounds, contest: contests })
		.from(attempts)
		.innerJoin(contestPlayers, eq(contestPlayers.id, attempts.playerId))
		.innerJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.where(eq(attempts.id, id));
	const [row] = lock ? await query.for('update', { of: attempts }) : await query;
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

/** Several answers of one attempt in one statement (a submit carries the whole form). */
export async function upsertAnswers(
	db: Db,
	attemptId: number,
	rows: { questionId: number; answer: number[] | string; correct: boolean }[],
	now: Date
) {
	if (rows.length === 0) return;
	await db
		.insert(attemptAnswers)
		.values(rows.map((r) => ({ ...r, attemptId, savedAt: now })))
		.onConflictDoUpdate({
			target: [attemptAnswers.attemptId, attemptAnswers.questionId],
			set: {
				answer: sql`excluded.answer`,
				correct: sql`excluded.correct`,
				savedAt: sql`excluded.saved_at`
			}
		});
}

/** Ends one attempt: its score is the answers marked right when they were saved. */
export async function finishAttempt(
	db: Db,
	attemptId: number,
	values: { finishedAt: Date; timedOut: boolean }
): Promise<Attempt> {
	const [row] = await db
		.update(attempts)
		.set({
			finishedAt: values.finishedAt,
			timedOut: values.timedOut,
			durationMs: sql`(extract(epoch from (${values.finishedAt.toISOString()}::timestamptz - ${attempts.startedAt})) * 1000)::int`,
			correctCount: sql`(select count(*)::int from ${attemptAnswers} where ${attemptAnswers.attemptId} = ${attempts.id} and ${attemptAnswers.correct})`
		})
		.where(and(eq(attempts.id, attemptId), isNull(attempts.finishedAt)))
		.returning();
	await recordEntries(db, [attemptId]);
	return row!;
}

/** Score counts are split by database connection into this many rows per score (see the schema). */
export const SHARDS = 16;

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

// ---- Rankings ----------------------------------------------------------------------------

/** The real figure the prediction question asks about, from the score counts. */
export async function actualFigure(
	db: Db,
	round: Pick<ContestRound, 'id' | 'questionCount'>,
	kind: 'participants' | 'perfect'
): Promise<number> {
	// One entry per valid player; a player's best attempt is perfect if any attempt was.
	const perfect = kind === 'perfect' ? sql`and correct_count = ${round.questionCount}` : sql``;
	const result = await db.execute(sql`
		select coalesce(sum(n), 0)::int as n from round_score_counts
		where round_id = ${round.id} ${perfect}`);
	return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Both drivers return rows differently: postgres.js an array, PGlite { rows }. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function rankKey(key: TieBreakKey, actual: number, alias: string, forOrderBy: boolean): SQL {
	switch (key) {
		case 'correct':
			return sql.raw(
				forOrderBy ? `${alias}.correct_count desc nulls last` : `-${alias}.correct_count`
			);
		case 'prediction':
			// No prediction is the furthest possible.
			return sql`abs(coalesce(${sql.raw(alias)}.prediction::bigint, 10000000000) - ${actual}::bigint)`;
		case 'duration':
			return sql.raw(`${alias}.duration_ms`);
		case 'submitted':
			return sql.raw(`${alias}.finished_at`);
	}
}

/** Sort keys where smaller is better, in the organizer's order, the player id last. */
export function rankKeys(order: readonly TieBreakKey[], actual: number, alias = 'b'): SQL {
	return sql.join(
		[...order.map((k) => rankKey(k, actual, alias, false)), sql.raw(`${alias}.player_id`)],
		sql`, `
	);
}

/** The same order for ORDER BY, written so the (round, correct desc, …) index serves it. */
function orderBy(order: readonly TieBreakKey[], actual: number, alias: string): SQL {
	return sql.join(
		[...order.map((k) => rankKey(k, actual, alias, true)), sql.raw(`${alias}.player_id`)],
		sql`, `
	);
}

function entryFilter(roundId: number, alias: string, withinPath?: string): SQL {
	const a = sql.raw(alias);
	const unit = withinPath ? sql` and ${a}.unit_path like ${`${escapeLike(withinPath)}%`}` : sql``;
	return sql`${a}.round_id = ${roundId} and not ${a}.voided${unit}`;
}

export interface LeaderRow {
	rank: number;
	playerId: number;
	fullName: string;
	unitName: string;
	correct: number;
	prediction: number | null;
	durationMs: number;
	finishedAt: Date;
}

/**
 * The full-sort statement: every order, every subtree. With correct answers first, only entries
 * scoring at least the (offset+limit)-th score can appear, so it sorts just those.
 */
export function fullTopSql(
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number,
	options: { limit: number; offset?: number; withinPath?: string }
): SQL {
	const limit = options.limit;
	const offset = options.offset ?? 0;
	const cutoff =
		order[0] === 'correct'
			? sql` and e.correct_count >= coalesce((
				select c.correct_count from round_entries c
				where ${entryFilter(roundId, 'c', options.withinPath)}
				order by c.correct_count desc nulls last offset ${offset + limit - 1} limit 1), -1)`
			: sql``;
	return sql`
		select e.player_id as "playerId", p.full_name as "fullName", u.name as "unitName",
			e.correct_count as "correct", e.prediction, e.duration_ms as "durationMs",
			e.finished_at as "finishedAt"
		from round_entries e join contest_players p on p.id = e.player_id join units u on u.id = e.unit_id
		where ${entryFilter(roundId, 'e', options.withinPath)}${cutoff}
		order by ${orderBy(order, actual, 'e')}
		limit ${limit} offset ${offset}`;
}

/** Whether the score counts and the per-score indexes can serve this leaderboard. */
function fastPath(order: readonly TieBreakKey[], withinPath?: string): boolean {
	return order[0] === 'correct' && order.length > 1 && !withinPath;
}

/**
 * Round top with correct answers first: the score counts give the score of the last place
 * wanted (c) and how many places are left for it (k); entries above c are fewer than the page,
 * and inside c only those up to the k-th value of the second tie-break (ties included) can
 * reach the page, read from that tie-break's index. Those few are then sorted in full order.
 */
function fastTopSql(
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number,
	limit: number,
	offset: number
): SQL {
	const wanted = offset + limit;
	const valid = (alias: string) =>
		sql.raw(`${alias}.round_id = ${roundId} and not ${alias}.voided`);
	const inBucket = (alias: string) =>
		sql`${valid(alias)} and ${sql.raw(alias)}.correct_count = (select c from cut)`;
	let bucket: SQL;
	const second = order[1]!;
	if (second === 'prediction') {
		// The k closest predictions lie among the k nearest above and the k nearest below the
		// real figure; the k-th distance of those bounds the band (no prediction is furthest).
		bucket = sql`
			select e.* from round_entries e where ${inBucket('e')}
				and e.prediction between ${actual}::bigint - (select d from band) and ${actual}::bigint + (select d from band)
			union all
			select e.* from round_entries e where ${inBucket('e')} and (select d from band) is null`;
		return withBucket(
			sql`, near as (
				(select b.prediction from round_entries b where ${inBucket('b')} and b.prediction >= ${actual}
					order by b.prediction limit (select k from cut))
				union all
				(select b.prediction from round_entries b where ${inBucket('b')} and b.prediction < ${actual}
					order by b.prediction desc limit (select k from cut))
			), band as (
				select abs(prediction::bigint - ${actual}::bigint) as d from near
				order by d offset greatest((select k from cut) - 1, 0) limit 1
			)`,
			bucket
		);
	}
	// Duration or submission time: the k-th value is an offset into that tie-break's index.
	const column = sql.raw(second === 'duration' ? 'duration_ms' : 'finished_at');
	bucket = sql`
		select e.* from round_entries e where ${inBucket('e')} and e.${column} <= (
			select b.${column} from round_entries b where ${inBucket('b')}
			order by b.${column} offset greatest((select k from cut) - 1, 0) limit 1)`;
	return withBucket(sql``, bucket);

	function withBucket(extra: SQL, inside: SQL): SQL {
		return sql`
			with counts as (
				select correct_count as c, sum(n)::bigint as n from round_score_counts
				where round_id = ${roundId} group by correct_count having sum(n) > 0
			), cum as (
				select c, sum(n) over (order by c desc) as upto, sum(n) over (order by c desc) - n as above
				from counts
			), cut as (
				select coalesce((select c from cum where upto >= ${wanted} order by c desc limit 1), -1) as c,
					coalesce((select ${wanted} - above from cum where upto >= ${wanted} order by c desc limit 1), 0)::int as k
			)${extra}, picked as (
				-- Fewer than the page score above c; the limit lets the rank index serve the range.
				(select e.* from round_entries e where ${valid('e')} and e.correct_count > (select c from cut)
					order by e.correct_count desc limit ${wanted})
				union all
				${inside}
			), page as (
				select e.* from picked e order by ${orderBy(order, actual, 'e')} limit ${limit} offset ${offset}
			)
			select e.player_id as "playerId", p.full_name as "fullName", u.name as "unitName",
				e.correct_count as "correct", e.prediction, e.duration_ms as "durationMs",
				e.finished_at as "finishedAt"
			from page e join contest_players p on p.id = e.player_id join units u on u.id = e.unit_id
			order by ${orderBy(order, actual, 'e')}`;
	}
}

/** The statement behind topOfRound (exported so the benchmark runs the very same SQL bare). */
export function topOfRoundSql(
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number,
	options: { limit: number; offset?: number; withinPath?: string }
): SQL {
	return fastPath(order, options.withinPath)
		? fastTopSql(roundId, order, actual, options.limit, options.offset ?? 0)
		: fullTopSql(roundId, order, actual, options);
}

function toLeaderRows(result: unknown, offset: number): LeaderRow[] {
	return rowsOf<Omit<LeaderRow, 'rank'>>(result).map((r, i) => ({
		...r,
		finishedAt: new Date(r.finishedAt),
		rank: offset + i + 1
	}));
}

export async function topOfRound(
	db: Db,
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number,
	options: { limit: number; offset?: number; withinPath?: string }
): Promise<LeaderRow[]> {
	const result = await db.execute(topOfRoundSql(roundId, order, actual, options));
	return toLeaderRows(result, options.offset ?? 0);
}

/** The full-sort leaderboard, kept as the reference the fast path is tested against. */
export async function fullTopOfRound(
	db: Db,
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number,
	options: { limit: number; offset?: number; withinPath?: string }
): Promise<LeaderRow[]> {
	const result = await db.execute(fullTopSql(roundId, order, actual, options));
	return toLeaderRows(result, options.offset ?? 0);
}

/** One plus the count of entries ahead, counted over every valid entry (any order, subtree). */
export function fullRankSql(
	roundId: number,
	playerId: number,
	order: readonly TieBreakKey[],
	actual: number,
	withinPath?: string
): SQL {
	const me = sql`(select * from round_entries m0 where m0.round_id = ${roundId} and m0.player_id = ${playerId} and not m0.voided)`;
	const ahead =
		order[0] === 'correct'
			? sql`(select count(*) from round_entries b where ${entryFilter(roundId, 'b', withinPath)}
					and b.correct_count > (select m.correct_count from ${me} m))
				+ (select count(*) from round_entries b, ${me} m where ${entryFilter(roundId, 'b', withinPath)}
					and b.correct_count = m.correct_count
					and (${rankKeys(order, actual, 'b')}) < (${rankKeys(order, actual, 'm')}))`
			: sql`(select count(*) from round_entries b, ${me} m where ${entryFilter(roundId, 'b', withinPath)}
					and (${rankKeys(order, actual, 'b')}) < (${rankKeys(order, actual, 'm')}))`;
	return sql`
		select (${ahead})::int as ahead,
			(select count(*)::int from round_entries b where ${entryFilter(roundId, 'b', withinPath)}) as total,
			(select count(*)::int from ${me} m) as found`;
}

/**
 * With correct answers first: those with a higher score come from the score counts; inside the
 * player's score, those strictly better on the second tie-break are a range of its index, and
 * those equal on it are compared on the remaining tie-breaks (few rows).
 */
function fastRankSql(
	roundId: number,
	playerId: number,
	order: readonly TieBreakKey[],
	actual: number
): SQL {
	const valid = sql.raw(`b.round_id = ${roundId} and not b.voided`);
	const inScore = sql`${valid} and b.correct_count = (select correct_count from m)`;
	const rest = order.slice(2);
	const second = order[1]!;
	let better: SQL;
	let tied: SQL;
	if (second === 'prediction') {
		// Strictly closer: inside the open band (lo, hi); as close: exactly lo or hi. With no
		// prediction, every prediction is closer and those without one are as close.
		better = sql`b.prediction > (select lo from m) and b.prediction < (select hi from m)`;
		tied = sql`
			select b.* from round_entries b where ${inScore} and b.prediction = (select lo from m)
			union
			select b.* from round_entries b where ${inScore} and b.prediction = (select hi from m)
			union
			select b.* from round_entries b where ${inScore} and b.prediction is null
				and (select prediction from m) is null`;
	} else {
		const column = sql.raw(second === 'duration' ? 'duration_ms' : 'finished_at');
		better = sql`b.${column} < (select ${column} from m)`;
		tied = sql`select b.* from round_entries b where ${inScore} and b.${column} = (select ${column} from m)`;
	}
	// Materialized, so the tie is read by the second tie-break's index, then compared in full.
	return sql`
		with m as materialized (
			select e.*,
				case when e.prediction is null then -9000000000000000000
					else ${actual}::bigint - abs(e.prediction::bigint - ${actual}::bigint) end as lo,
				case when e.prediction is null then 9000000000000000000
					else ${actual}::bigint + abs(e.prediction::bigint - ${actual}::bigint) end as hi
			from round_entries e
			where e.round_id = ${roundId} and e.player_id = ${playerId} and not e.voided
		), tied as materialized (${tied})
		select ((select coalesce(sum(s.n), 0) from round_score_counts s
				where s.round_id = ${roundId} and s.correct_count > (select correct_count from m))
			+ (select count(*) from round_entries b where ${inScore} and ${better})
			+ (select count(*) from tied b, m
				where (${rankKeys(rest, actual, 'b')}) < (${rankKeys(rest, actual, 'm')})))::int as ahead,
			(select coalesce(sum(n), 0)::int from round_score_counts where round_id = ${roundId}) as total,
			(select count(*)::int from m) as found`;
}

/** The statement behind rankOfPlayer (exported so the benchmark runs the very same SQL bare). */
export function rankOfPlayerSql(
	roundId: number,
	playerId: number,
	order: readonly TieBreakKey[],
	actual: number,
	withinPath?: string
): SQL {
	return fastPath(order, withinPath)
		? fastRankSql(roundId, playerId, order, actual)
		: fullRankSql(roundId, playerId, order, actual, withinPath);
}

function toRank(result: unknown) {
	const row = rowsOf<{ ahead: number; total: number; found: number }>(result)[0];
	if (!row || Number(row.found) === 0) return null;
	return { rank: Number(row.ahead) + 1, total: Number(row.total) };
}

/** A player's rank: one plus the number of entries ahead of theirs. */
export async function rankOfPlayer(
	db: Db,
	roundId: number,
	playerId: number,
	order: readonly TieBreakKey[],
	actual: number,
	withinPath?: string
): Promise<{ rank: number; total: number } | null> {
	return toRank(await db.execute(rankOfPlayerSql(roundId, playerId, order, actual, withinPath)));
}

/** The full-count rank, kept as the reference the fast path is tested against. */
export async function fullRankOfPlayer(
	db: Db,
	roundId: number,
	playerId: number,
	order: readonly TieBreakKey[],
	actual: number,
	withinPath?: string
): Promise<{ rank: number; total: number } | null> {
	return toRank(await db.execute(fullRankSql(roundId, playerId, order, actual, withinPath)));
}

/** Over the given rounds: sum of each round's best correct answers, then total time. */
export async function overallTop(db: Db, roundIds: number[], limit: number) {
	if (roundIds.length === 0) return [];
	const result = await db.execute(sql`
		with best as (
			select e.round_id, e.player_id, e.correct_count, e.duration_ms, e.finished_at
			from round_entries e
			where e.round_id in (${sql.join(
				roundIds.map((id) => sql`${id}`),
				sql`, `
			)}) and not e.voided
		), total as (
			select player_id, sum(correct_count)::int as correct, sum(duration_ms)::bigint as duration, max(finished_at) as last
			from best group by player_id
		)
		select t.player_id as "playerId", p.full_name as "fullName", u.name as "unitName",
			t.correct, t.duration::float8 as "durationMs"
		from total t join contest_players p on p.id = t.player_id join units u on u.id = p.unit_id
		order by t.correct desc, t.duration, t.last, t.player_id
		limit ${limit}`);
	return rowsOf<{
		playerId: number;
		fullName: string;
		unitName: string;
		correct: number;
		durationMs: number;
	}>(result).map((r, i) => ({ ...r, durationMs: Number(r.durationMs), rank: i + 1 }));
}

/** Participants per unit (directly registered there), for a round or the whole contest. */
/** The statement behind participantsByUnit. */
export function participantsByUnitSql(
	contestId: number,
	roundId: number | null,
	withinPath: string
): SQL {
	if (roundId)
		return sql`
			select e.unit_id as "unitId", count(*)::int as n
			from round_entries e
			where ${entryFilter(roundId, 'e', withinPath)}
			group by e.unit_id`;
	return sql`
		select p.unit_id as "unitId", count(distinct p.id)::int as n
		from contest_players p
		where p.contest_id = ${contestId} and p.voided_at is null
			and p.unit_path like ${`${escapeLike(withinPath)}%`}
			and exists (select 1 from round_entries e where e.player_id = p.id)
		group by p.unit_id`;
}

/** Participants per unit (directly registered there), for a round or the whole contest. */
export async function participantsByUnit(
	db: Db,
	contestId: number,
	roundId: number | null,
	withinPath: string
) {
	const result = await db.execute(participantsByUnitSql(contestId, roundId, withinPath));
	return rowsOf<{ unitId: number; n: number }>(result).map((r) => ({
		unitId: Number(r.unitId),
		n: Number(r.n)
	}));
}

export async function unitsUnder(db: Db, path: string) {
	return db
		.select({
			id: units.id,
			name: units.name,
			code: units.code,
			path: units.path,
			depth: units.depth,
			memberCount: units.memberCount
		})
		.from(units)
		.where(and(like(units.path, `${escapeLike(path)}%`), isNull(units.archivedAt)))
		.orderBy(asc(units.path));
}

export async function insertWinners(
	db: Db,
	roundId: number,
	rows: { playerId: number; rank: number; tier: string }[],
	now: Date
) {
	if (rows.length) await db.insert(roundWinners).values(rows.map((r) => ({ ...r, roundId })));
	await db
		.update(contestRounds)
		.set({ winnersPublishedAt: now })
		.where(eq(contestRounds.id, roundId));
}

export async function winnersOf(db: Db, roundId: number) {
	return db
		.select({
			playerId: roundWinners.playerId,
			rank: roundWinners.rank,
			tier: roundWinners.tier,
			fullName: contestPlayers.fullName,
			unitName: units.name
		})
		.from(roundWinners)
		.innerJoin(contestPlayers, eq(contestPlayers.id, roundWinners.playerId))
		.innerJoin(units, eq(units.id, contestPlayers.unitId))
		.where(eq(roundWinners.roundId, roundId))
		.orderBy(asc(roundWinners.rank));
}

/** A round's published winners with their unit (awards are made from them), by rank. */
export async function listRoundWinners(db: Db, roundId: number) {
	return db
		.select({
			playerId: roundWinners.playerId,
			rank: roundWinners.rank,
			tier: roundWinners.tier,
			fullName: contestPlayers.fullName,
			unitId: units.id,
			unitName: units.name
		})
		.from(roundWinners)
		.innerJoin(contestPlayers, eq(contestPlayers.id, roundWinners.playerId))
		.innerJoin(units, eq(units.id, contestPlayers.unitId))
		.where(eq(roundWinners.roundId, roundId))
		.orderBy(asc(roundWinners.rank));
}

/** Rounds with published winners in contests of the given subtrees, newest first. */
export async function listRoundsWithWinners(db: Db, withinPaths: string[] | null) {
	const scopes = withinPaths?.map((p) => like(units.path, `${escapeLike(p)}%`));
	return db
		.select({
			id: contestRounds.id,
			title: contestRounds.title,
			contestTitle: contests.title,
			winnersPublishedAt: contestRounds.winnersPublishedAt
		})
		.from(contestRounds)
		.innerJoin(contests, eq(contests.id, contestRounds.contestId))
		.innerJoin(units, eq(units.id, contests.unitId))
		.where(
			and(
				isNotNull(contestRounds.winnersPublishedAt),
				scopes ? (scopes.length ? or(...scopes) : sql`false`) : undefined
			)
		)
		.orderBy(desc(contestRounds.winnersPublishedAt))
		.limit(200);
}
