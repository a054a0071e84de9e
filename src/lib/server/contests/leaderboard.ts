/**
 * The ranking engine: leaderboards, a player's rank and the overall board in SQL, ordered by
 * the contest's tie-breaks, with a fast path over the score counts where the order allows.
 */
import { sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { TieBreakKey } from '$lib/shared/contests';
import type { Db } from '../db/client';
import type { ContestRound } from '../db/schema';

/** Score counts are split by database connection into this many rows per score (see the schema). */
export const SHARDS = 16;

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
export function orderBy(order: readonly TieBreakKey[], actual: number, alias: string): SQL {
	return sql.join(
		[...order.map((k) => rankKey(k, actual, alias, true)), sql.raw(`${alias}.player_id`)],
		sql`, `
	);
}

export function entryFilter(roundId: number, alias: string, withinPath?: string): SQL {
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
