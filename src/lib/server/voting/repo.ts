import { and, asc, desc, eq, gt, inArray, isNull, like, lte, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
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
	minAccountAgeHours: polls.minAccountAgeHours,
	requireVerifiedEmail: polls.requireVerifiedEmail,
	minVotes: polls.minVotes,
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
	minAccountAgeHours: number | null;
	requireVerifiedEmail: boolean;
	minVotes: number | null;
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
		.select({
			id: polls.id,
			title: polls.title,
			opensAt: polls.opensAt,
			closesAt: polls.closesAt,
			minVotes: polls.minVotes
		})
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
	min_account_age_hours: number | null;
	require_verified_email: boolean;
	option_ids: number[] | string;
};

/** The poll's rules and option ids in one round trip: what casting a vote needs. */
export async function findPollForVoting(db: Db, id: number) {
	const rows =
		await db.execute(sql`select p.id, p.opens_at, p.closes_at, p.max_choices, p.daily_voting, p.audience,
		p.results_visibility, p.address_daily_limit, p.min_account_age_hours, p.require_verified_email,
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
		minAccountAgeHours:
			row.min_account_age_hours === null ? null : Number(row.min_account_age_hours),
		requireVerifiedEmail: row.require_verified_email,
		// A set: every vote checks its choices against it.
		optionIds: new Set(optionIds) as ReadonlySet<number>
	};
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

/** How many counted ballots a void would touch (the confirmation step's count). */
export async function countVoidable(
	db: Db,
	pollId: number,
	where: { trackingCode: string } | { addressHash: string }
) {
	const match =
		'trackingCode' in where
			? eq(pollBallots.trackingCode, where.trackingCode)
			: eq(pollBallots.addressHash, where.addressHash);
	return db.$count(
		pollBallots,
		and(eq(pollBallots.pollId, pollId), match, isNull(pollBallots.voidedAt))
	);
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
