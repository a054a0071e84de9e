import { and, asc, desc, eq, gt, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { executePrepared } from '../db/prepared';
import { pollBallots, pollOptions, polls, pollVotes, units, users, type Poll } from '../db/schema';
import { outer, rowsOf } from '../db/sql';

export type PollWithUnit = Poll & { unitPath: string; unitName: string };

const pollColumns = {
	id: polls.id,
	unitId: polls.unitId,
	campaignId: polls.campaignId,
	title: polls.title,
	description: polls.description,
	opensAt: polls.opensAt,
	closesAt: polls.closesAt,
	maxChoices: polls.maxChoices,
	dailyVoting: polls.dailyVoting,
	audience: polls.audience,
	resultsVisibility: polls.resultsVisibility,
	addressDailyLimit: polls.addressDailyLimit,
	createdBy: polls.createdBy,
	createdAt: polls.createdAt,
	updatedAt: polls.updatedAt,
	unitPath: units.path,
	unitName: units.name
};

export async function findPoll(db: Db, id: number): Promise<PollWithUnit | null> {
	const [row] = await db
		.select(pollColumns)
		.from(polls)
		.innerJoin(units, eq(units.id, polls.unitId))
		.where(eq(polls.id, id));
	return row ?? null;
}

/** Locks the poll row for the rest of the transaction (edits of rules and options). */
export async function lockPoll(db: Db, id: number): Promise<void> {
	await db.execute(sql`select 1 from ${polls} where ${polls.id} = ${id} for update`);
}

export async function listPolls(db: Db, withinPaths: string[] | null) {
	const conditions: SQL[] = [];
	if (withinPaths) {
		const scopes = withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	return db
		.select(pollColumns)
		.from(polls)
		.innerJoin(units, eq(units.id, polls.unitId))
		.where(and(...conditions))
		.orderBy(desc(polls.opensAt), desc(polls.id));
}

export async function listOpenPolls(db: Db, now: Date, limit = 6) {
	return db
		.select({ id: polls.id, title: polls.title, closesAt: polls.closesAt, unitName: units.name })
		.from(polls)
		.innerJoin(units, eq(units.id, polls.unitId))
		.where(and(lte(polls.opensAt, now), gt(polls.closesAt, now)))
		.orderBy(asc(polls.closesAt))
		.limit(limit);
}

export interface PollValues {
	unitId: number;
	title: string;
	description: string;
	opensAt: Date;
	closesAt: Date;
	maxChoices: number;
	dailyVoting: boolean;
	audience: 'accounts' | 'anyone';
	resultsVisibility: 'live' | 'after_close' | 'organizers';
	addressDailyLimit: number | null;
}

export async function insertPoll(db: Db, values: PollValues, createdBy: number, now: Date) {
	const [row] = await db
		.insert(polls)
		.values({ ...values, createdBy, createdAt: now, updatedAt: now })
		.returning({ id: polls.id });
	return row!.id;
}

export async function updatePoll(db: Db, id: number, values: PollValues, now: Date) {
	await db
		.update(polls)
		.set({ ...values, updatedAt: now })
		.where(eq(polls.id, id));
}

export async function listOptions(db: Db, pollId: number) {
	return db
		.select()
		.from(pollOptions)
		.where(eq(pollOptions.pollId, pollId))
		.orderBy(asc(pollOptions.position), asc(pollOptions.id));
}

export async function insertOption(
	db: Db,
	pollId: number,
	values: {
		title: string;
		summary: string;
		photoUrl?: string;
		link?: string;
		/** On a shortlist poll, the finalist's dossier. */
		nominationId?: number;
	}
) {
	const [row] = await db
		.insert(pollOptions)
		.values({
			pollId,
			title: values.title,
			summary: values.summary,
			photoUrl: values.photoUrl ?? null,
			link: values.link ?? null,
			nominationId: values.nominationId ?? null,
			position: sql`(select coalesce(max(${pollOptions.position}), 0) + 1 from ${pollOptions} where ${pollOptions.pollId} = ${pollId})`
		})
		.returning();
	return row!;
}

export async function setPollCampaign(db: Db, pollId: number, campaignId: number, now: Date) {
	await db.update(polls).set({ campaignId, updatedAt: now }).where(eq(polls.id, pollId));
}

/** The campaign's public vote: its newest poll. */
export async function findCampaignPoll(db: Db, campaignId: number) {
	const [row] = await db
		.select({ id: polls.id, title: polls.title, opensAt: polls.opensAt, closesAt: polls.closesAt })
		.from(polls)
		.where(eq(polls.campaignId, campaignId))
		.orderBy(desc(polls.createdAt), desc(polls.id))
		.limit(1);
	return row ?? null;
}

export async function deleteOption(db: Db, pollId: number, optionId: number) {
	const rows = await db
		.delete(pollOptions)
		.where(and(eq(pollOptions.pollId, pollId), eq(pollOptions.id, optionId)))
		.returning({ id: pollOptions.id, title: pollOptions.title });
	return rows[0] ?? null;
}

type PollVotingRow = {
	id: number;
	opens_at: string | Date;
	closes_at: string | Date;
	max_choices: number;
	daily_voting: boolean;
	audience: 'accounts' | 'anyone';
	results_visibility: 'live' | 'after_close' | 'organizers';
	address_daily_limit: number | null;
	option_ids: number[] | string;
};

/** The poll's rules and option ids in one round trip: what casting a vote needs. */
export async function findPollForVoting(db: Db, id: number) {
	const rows =
		await db.execute(sql`select p.id, p.opens_at, p.closes_at, p.max_choices, p.daily_voting, p.audience,
		p.results_visibility, p.address_daily_limit,
		array(select o.id from poll_options o where o.poll_id = p.id) as option_ids
		from polls p where p.id = ${id}`);
	const row = rowsOf<PollVotingRow>(rows)[0];
	if (!row) return null;
	const optionIds =
		typeof row.option_ids === 'string'
			? row.option_ids.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number)
			: row.option_ids.map(Number);
	return {
		id: row.id,
		opensAt: new Date(row.opens_at),
		closesAt: new Date(row.closes_at),
		maxChoices: Number(row.max_choices),
		dailyVoting: row.daily_voting,
		audience: row.audience,
		resultsVisibility: row.results_visibility,
		addressDailyLimit: row.address_daily_limit === null ? null : Number(row.address_daily_limit),
		// A set: every vote checks its choices against it.
		optionIds: new Set(optionIds) as ReadonlySet<number>
	};
}

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
	const rows = await executePrepared<{ tracking_code: string }>(
		db,
		'voting_insert_ballots',
		sql`with input as (
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
		select tracking_code from ballot`
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
		const rows = await executePrepared<{
			n: number;
			spent: boolean;
			charged: boolean;
			stored: boolean;
		}>(
			tx,
			'voting_cast_anonymous',
			sql`with input as (
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
			from judged order by n`
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
			await executePrepared(
				tx,
				'voting_undo_anonymous',
				sql`with undo as (
					select * from json_to_recordset(cast(${JSON.stringify(undo)}::text as json))
						as t(signature text, poll_id int, address_hash text, day text, uncharge boolean)
				), unspend as (
					delete from pow_used where signature in (select signature from undo)
				), uncharge as (
					update poll_address_counts c set ballots = c.ballots - 1 from undo u
					where u.uncharge and c.poll_id = u.poll_id and c.address_hash = u.address_hash and c.day = u.day
				)
				select 1`
			);
		return outcomes;
	});
}

export async function findBallotOfVoter(db: Db, pollId: number, voterKey: string, period: string) {
	const [row] = await db
		.select({ trackingCode: pollBallots.trackingCode, castAt: pollBallots.castAt })
		.from(pollBallots)
		.where(
			and(
				eq(pollBallots.pollId, pollId),
				eq(pollBallots.voterKey, voterKey),
				eq(pollBallots.period, period)
			)
		);
	return row ?? null;
}

export async function findBallotByTracking(db: Db, pollId: number, trackingCode: string) {
	const [row] = await db
		.select({
			id: pollBallots.id,
			castAt: pollBallots.castAt,
			voidedAt: pollBallots.voidedAt,
			voidReason: pollBallots.voidReason
		})
		.from(pollBallots)
		.where(and(eq(pollBallots.pollId, pollId), eq(pollBallots.trackingCode, trackingCode)));
	return row ?? null;
}

/** Votes per option over ballots that were not voided, and the ballot counts. */
export async function countVotes(db: Db, pollId: number) {
	const perOption = await db
		.select({ optionId: pollVotes.optionId, n: sql<number>`count(*)::int` })
		.from(pollVotes)
		.innerJoin(pollBallots, eq(pollBallots.id, pollVotes.ballotId))
		.where(and(eq(pollVotes.pollId, pollId), isNull(pollBallots.voidedAt)))
		.groupBy(pollVotes.optionId);
	const [ballots] = await db
		.select({
			counted: sql<number>`count(*) filter (where ${pollBallots.voidedAt} is null)::int`,
			voided: sql<number>`count(*) filter (where ${pollBallots.voidedAt} is not null)::int`
		})
		.from(pollBallots)
		.where(eq(pollBallots.pollId, pollId));
	return {
		votes: new Map(perOption.map((r) => [r.optionId, Number(r.n)])),
		counted: Number(ballots?.counted ?? 0),
		voided: Number(ballots?.voided ?? 0)
	};
}

/** Counted ballots per hour or day (Vietnamese time), oldest first. */
export async function ballotsOverTime(db: Db, pollId: number, bucket: 'hour' | 'day') {
	const unit = bucket === 'hour' ? sql.raw(`'hour'`) : sql.raw(`'day'`);
	const rows = await db.execute<{ at: string | Date; n: number | string }>(sql`
		select date_trunc(${unit}, cast_at at time zone 'Asia/Ho_Chi_Minh') as at, count(*)::int as n
		from poll_ballots where poll_id = ${pollId} and voided_at is null
		group by 1 order by 1`);
	return rowsOf<{ at: string | Date; n: number | string }>(rows).map((r) => ({
		// A timestamp without zone in Vietnamese time: print it as such.
		at: typeof r.at === 'string' ? r.at.replace(' ', 'T').slice(0, 16) : isoLocal(r.at),
		n: Number(r.n)
	}));
}

function isoLocal(date: Date): string {
	// Drivers read a zone-less timestamp as UTC; its fields are the Vietnamese wall-clock time.
	return date.toISOString().slice(0, 16);
}

export async function voidBallots(
	db: Db,
	pollId: number,
	where: { trackingCode: string } | { addressHash: string },
	reason: string,
	by: number,
	now: Date
) {
	const match =
		'trackingCode' in where
			? eq(pollBallots.trackingCode, where.trackingCode)
			: eq(pollBallots.addressHash, where.addressHash);
	return db
		.update(pollBallots)
		.set({ voidedAt: now, voidReason: reason, voidedBy: by })
		.where(and(eq(pollBallots.pollId, pollId), match, isNull(pollBallots.voidedAt)))
		.returning({ id: pollBallots.id, trackingCode: pollBallots.trackingCode });
}

/** Addresses that cast at least `threshold` counted ballots within one 10-minute window. */
export async function addressBursts(db: Db, pollId: number, threshold = 10) {
	const rows = await db.execute<{
		address_hash: string;
		window_start: string | Date;
		n: number | string;
		total: number | string;
	}>(sql`
		select address_hash, window_start, n, total from (
			select address_hash,
				to_timestamp(floor(extract(epoch from cast_at) / 600) * 600) as window_start,
				count(*) as n,
				sum(count(*)) over (partition by address_hash) as total
			from poll_ballots
			where poll_id = ${pollId} and address_hash is not null and voided_at is null
			group by address_hash, 2
		) w where n >= ${threshold}
		order by n desc limit 50`);
	return rowsOf<{
		address_hash: string;
		window_start: string | Date;
		n: number | string;
		total: number | string;
	}>(rows).map((r) => ({
		addressHash: r.address_hash,
		windowStart: new Date(r.window_start),
		ballots: Number(r.n),
		total: Number(r.total)
	}));
}

/** Counted ballots from accounts created less than `hours` before they voted, per day. */
export async function freshAccountBallots(db: Db, pollId: number, hours = 24) {
	const rows = await db
		.select({
			day: sql<string>`to_char(${pollBallots.castAt} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`,
			ballots: sql<number>`count(*)::int`
		})
		.from(pollBallots)
		.innerJoin(users, eq(users.id, pollBallots.userId))
		.where(
			and(
				eq(pollBallots.pollId, pollId),
				isNull(pollBallots.voidedAt),
				sql`${users.createdAt} > ${pollBallots.castAt} - make_interval(hours => ${hours})`
			)
		)
		.groupBy(sql`1`)
		.orderBy(sql`1`);
	return rows.map((r) => ({ day: r.day, ballots: Number(r.ballots) }));
}

/** The vote log without personal data: code, time, status, chosen option titles. */
export async function ballotLog(db: Db, pollId: number) {
	return db
		.select({
			trackingCode: pollBallots.trackingCode,
			castAt: pollBallots.castAt,
			period: pollBallots.period,
			voidedAt: pollBallots.voidedAt,
			voidReason: pollBallots.voidReason,
			options: sql<string>`(select string_agg(o.title, '; ' order by v.slot) from ${pollVotes} v join ${pollOptions} o on o.id = v.option_id where v.ballot_id = ${outer(pollBallots.id)})`
		})
		.from(pollBallots)
		.where(eq(pollBallots.pollId, pollId))
		.orderBy(asc(pollBallots.castAt), asc(pollBallots.id));
}

export async function optionIdsOf(db: Db, pollId: number, ids: number[]) {
	if (ids.length === 0) return [];
	const rows = await db
		.select({ id: pollOptions.id })
		.from(pollOptions)
		.where(and(eq(pollOptions.pollId, pollId), inArray(pollOptions.id, ids)));
	return rows.map((r) => r.id);
}
