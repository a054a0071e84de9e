import { sql } from 'drizzle-orm';
import type { TieBreakKey } from '$lib/shared/contests';
import type { Db } from '../db/client';
import { entryFilter, orderBy, rowsOf } from './leaderboard';

/**
 * The entries of a round's players who asked for results by e-mail (voided players left out),
 * each with its rank as the leaderboard counts it: the same order, ties broken by player id.
 */
export async function subscribedResults(
	db: Db,
	roundId: number,
	order: readonly TieBreakKey[],
	actual: number
) {
	const result = await db.execute(sql`
		with ranked as (
			select e.player_id, e.correct_count, e.duration_ms,
				row_number() over (order by ${orderBy(order, actual, 'e')})::int as rank,
				count(*) over ()::int as total
			from round_entries e
			where ${entryFilter(roundId, 'e')}
		)
		select r.player_id as "playerId", r.correct_count as "correct", r.duration_ms as "durationMs",
			r.rank, r.total, p.full_name as "fullName", p.user_id as "userId",
			p.results_email as "resultsEmail"
		from ranked r join contest_players p on p.id = r.player_id
		where p.results_email is not null and p.voided_at is null
		order by r.rank`);
	return rowsOf<{
		playerId: number;
		correct: number;
		durationMs: number;
		rank: number;
		total: number;
		fullName: string;
		userId: number | null;
		resultsEmail: string;
	}>(result).map((r) => ({
		...r,
		correct: Number(r.correct),
		durationMs: Number(r.durationMs),
		rank: Number(r.rank),
		total: Number(r.total)
	}));
}
