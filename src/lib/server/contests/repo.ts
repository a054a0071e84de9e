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
import type { ContestInput, RoundInput } from '$lib/schemas/contests';
import type { Db } from '../db/client';
import { entryFilter, rowsOf, SHARDS } from './leaderboard';
import {
	attempts,
	contestAddressCounts,
	contestPlayers,
	contestRounds,
	contests,
	roundPool,
	units,
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
				eq(contests.draft, false),
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
			retentionMonths: input.retentionMonths,
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
		| 'title'
		| 'description'
		| 'scope'
		| 'predictionKind'
		| 'tieBreaks'
		| 'guestHourlyLimit'
		| 'retentionMonths'
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

/** Where the player's round results go by e-mail; null stops them. */
export async function setResultsEmail(db: Db, playerId: number, address: string | null) {
	await db
		.update(contestPlayers)
		.set({ resultsEmail: address })
		.where(eq(contestPlayers.id, playerId));
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

export * from './attempt-repo';
export * from './leaderboard';
export { subscribedResults } from './results-mail-queries';
export * from './winners-repo';
