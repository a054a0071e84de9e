/** The ballots' group-commit writes: many ballots, their votes and their charges per statement. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/sql';

export interface NewBallot {
	pollId: number;
	maxChoices: number;
	dailyVoting: boolean;
	voterKey: string;
	period: string;
	trackingCode: string;
	userId: number | null;
	addressHash: string | null;
	castAt: Date;
	optionIds: number[];
}

/** A ballot as the JSON row that `json_to_recordset` reads in the statements below. */
function ballotRow(b: NewBallot) {
	return {
		poll_id: b.pollId,
		max_choices: b.maxChoices,
		daily_voting: b.dailyVoting,
		voter_key: b.voterKey,
		period: b.period,
		tracking_code: b.trackingCode,
		user_id: b.userId,
		address_hash: b.addressHash,
		cast_at: b.castAt.toISOString(),
		option_ids: b.optionIds.map((n) => Math.trunc(n))
	};
}

const BALLOT_COLUMNS = sql.raw(`poll_id int, max_choices smallint, daily_voting boolean,
	voter_key text, period text, tracking_code text, user_id int, address_hash text,
	cast_at timestamptz, option_ids int[]`);

/**
 * Inserts many ballots and their votes in one statement (one transaction). Rows go in key
 * order, so concurrent batches take the unique-index locks in one order and cannot deadlock. A ballot whose voter
 * already has one for the period, in the table or earlier in the same batch, is skipped by the
 * unique key, not failed; the others go in. Returns the tracking codes that were stored.
 */
export async function insertBallots(db: Db, ballots: NewBallot[]): Promise<Set<string>> {
	const rows = rowsOf<{ tracking_code: string }>(
		await db.execute(sql`with input as (
			select * from json_to_recordset(cast(${JSON.stringify(ballots.map(ballotRow))}::text as json)) as t(${BALLOT_COLUMNS})
		), ballot as (
			insert into poll_ballots (poll_id, max_choices, daily_voting, voter_key, period, tracking_code, user_id, address_hash, cast_at)
			select poll_id, max_choices, daily_voting, voter_key, period, tracking_code, user_id, address_hash, cast_at from input
			order by poll_id, voter_key, period
			on conflict (poll_id, voter_key, period) do nothing
			returning id, poll_id, max_choices, tracking_code
		), votes as (
			insert into poll_votes (ballot_id, poll_id, max_choices, slot, option_id)
			select ballot.id, ballot.poll_id, ballot.max_choices, chosen.slot, chosen.option_id
			from ballot join input on input.tracking_code = ballot.tracking_code,
				unnest(input.option_ids) with ordinality as chosen(option_id, slot)
		)
		select tracking_code from ballot`)
	);
	return new Set(rows.map((r) => r.tracking_code));
}

export interface AnonymousCast {
	ballot: NewBallot;
	/** The proof-of-work signature to mark spent, and until when it must be remembered. */
	signature: string;
	expiresAt: Date;
	/** The address's daily limit on this poll (null: none), and the Vietnamese day it counts in. */
	limit: number | null;
	day: string;
}

export type AnonymousOutcome = 'stored' | 'replayed' | 'limited' | 'duplicate';

/**
 * Anonymous ballots in one transaction: each spends its challenge, then charges its address
 * counter (under the row lock, so concurrent batches cannot pass the limit together; the
 * limit is read from the poll), then is inserted only if both passed, the unique key skipping
 * a voter who already voted. A refused ballot then gets its challenge and charge back in the
 * same transaction, so nothing of it is recorded. Callers put a signature or an address
 * counter at most once per call. Each step takes its locks in key order (signatures, then
 * counters, then ballots), so concurrent batches cannot deadlock.
 */
export async function castAnonymousBallots(
	db: Db,
	casts: AnonymousCast[]
): Promise<AnonymousOutcome[]> {
	const input = JSON.stringify(
		casts.map((c, i) => ({
			...ballotRow(c.ballot),
			n: i,
			signature: c.signature,
			expires_at: c.expiresAt.toISOString(),
			day: c.day,
			lim: c.limit
		}))
	);
	return db.transaction(async (tx) => {
		const rows = rowsOf<{
			n: number;
			spent: boolean;
			charged: boolean;
			stored: boolean;
		}>(
			await tx.execute(sql`with input as (
				select * from json_to_recordset(cast(${input}::text as json)) as t(${BALLOT_COLUMNS},
					n int, signature text, expires_at timestamptz, day text, lim int)
			), spend as (
				insert into pow_used (signature, expires_at) select signature, expires_at from input
				order by signature
				on conflict do nothing
				returning signature
			), charge as (
				insert into poll_address_counts (poll_id, address_hash, day, ballots)
				select poll_id, address_hash, day, 1 from input
				where lim is not null and signature in (select signature from spend)
				order by poll_id, address_hash, day
				on conflict (poll_id, address_hash, day) do update
					set ballots = poll_address_counts.ballots + 1
					where poll_address_counts.ballots <
						(select p.address_daily_limit from polls p where p.id = poll_address_counts.poll_id)
				returning poll_id, address_hash, day
			), judged as (
				select input.*, input.signature in (select signature from spend) as spent,
					(input.lim is null or exists (select 1 from charge c where c.poll_id = input.poll_id
						and c.address_hash = input.address_hash and c.day = input.day)) as charged
				from input
			), ballot as (
				insert into poll_ballots (poll_id, max_choices, daily_voting, voter_key, period, tracking_code, user_id, address_hash, cast_at)
				select poll_id, max_choices, daily_voting, voter_key, period, tracking_code, user_id, address_hash, cast_at
				from judged where spent and charged
				order by poll_id, voter_key, period, n
				on conflict (poll_id, voter_key, period) do nothing
				returning id, poll_id, max_choices, tracking_code
			), votes as (
				insert into poll_votes (ballot_id, poll_id, max_choices, slot, option_id)
				select ballot.id, ballot.poll_id, ballot.max_choices, chosen.slot, chosen.option_id
				from ballot join input on input.tracking_code = ballot.tracking_code,
					unnest(input.option_ids) with ordinality as chosen(option_id, slot)
			)
			select n, spent, charged,
				exists (select 1 from ballot b where b.tracking_code = judged.tracking_code) as stored
			from judged order by n`)
		);
		const outcomes: AnonymousOutcome[] = rows.map((r) =>
			!r.spent ? 'replayed' : !r.charged ? 'limited' : !r.stored ? 'duplicate' : 'stored'
		);
		// Refused after spending (over the limit) or after charging too (already voted): undo.
		const undo = casts.flatMap((c, i) => {
			const outcome = outcomes[i];
			if (outcome !== 'limited' && outcome !== 'duplicate') return [];
			return [
				{
					signature: c.signature,
					poll_id: c.ballot.pollId,
					address_hash: c.ballot.addressHash,
					day: c.day,
					uncharge: outcome === 'duplicate' && c.limit !== null
				}
			];
		});
		if (undo.length > 0)
			await tx.execute(sql`with undo as (
					select * from json_to_recordset(cast(${JSON.stringify(undo)}::text as json))
						as t(signature text, poll_id int, address_hash text, day text, uncharge boolean)
				), unspend as (
					delete from pow_used where signature in (select signature from undo)
				), uncharge as (
					update poll_address_counts c set ballots = c.ballots - 1 from undo u
					where u.uncharge and c.poll_id = u.poll_id and c.address_hash = u.address_hash and c.day = u.day
				)
				select 1`);
		return outcomes;
	});
}
