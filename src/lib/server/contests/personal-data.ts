/**
 * Players' personal data (docs/privacy.md): what the retention job erases once a contest's
 * period has run out, what a person's data download holds, and what a carried-out deletion
 * request erases. Names and units stay: rankings, winners and award records keep them.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts, contestPlayers, contestRounds, contests, units } from '../db/schema';

/** The columns erased: contact and identity numbers, and the guest browser's link. */
const erased = {
	phone: null,
	idNumber: null,
	birthDate: null,
	resultsEmail: null,
	guestTokenHash: null
} as const;

const holdsPersonalData = or(
	isNotNull(contestPlayers.phone),
	isNotNull(contestPlayers.idNumber),
	isNotNull(contestPlayers.birthDate),
	isNotNull(contestPlayers.resultsEmail),
	isNotNull(contestPlayers.guestTokenHash)
)!;

/**
 * Contests whose retention period has run out at `now` and whose data is not yet erased: the
 * last round closed `retention_months` ago. A contest without rounds has not ended.
 */
export async function contestsDueForErasure(db: Db, now: Date) {
	return db
		.select({ id: contests.id, title: contests.title, unitPath: contests.unitPath })
		.from(contests)
		.where(
			and(
				isNull(contests.personalDataErasedAt),
				sql`(select max(${contestRounds.closesAt}) from ${contestRounds} where ${contestRounds.contestId} = ${contests.id})
					+ make_interval(months => ${contests.retentionMonths}) <= ${now.toISOString()}::timestamptz`
			)
		)
		.orderBy(asc(contests.id));
}

/** Erases the players' contact data of one contest and marks it erased; returns how many players. */
export async function eraseContestPlayerData(db: Db, contestId: number, now: Date) {
	const rows = await db
		.update(contestPlayers)
		.set(erased)
		.where(and(eq(contestPlayers.contestId, contestId), holdsPersonalData))
		.returning({ id: contestPlayers.id });
	await db.update(contests).set({ personalDataErasedAt: now }).where(eq(contests.id, contestId));
	return rows.map((r) => r.id);
}

/**
 * The registrations requests concern, in one query: every one of these accounts', and every one
 * with these phones (a guest's). Each row says its account and phone, for the caller to group.
 */
export async function playersOf(
	db: Db,
	who: { userIds?: readonly number[]; phones?: readonly string[] }
) {
	const userIds = [...new Set(who.userIds ?? [])];
	const phones = [...new Set(who.phones ?? [])];
	if (!userIds.length && !phones.length) return [];
	return db
		.select({
			id: contestPlayers.id,
			contestId: contestPlayers.contestId,
			contestTitle: contests.title,
			unitPath: contestPlayers.unitPath,
			fullName: contestPlayers.fullName,
			userId: contestPlayers.userId,
			phone: contestPlayers.phone
		})
		.from(contestPlayers)
		.innerJoin(contests, eq(contests.id, contestPlayers.contestId))
		.where(
			or(
				userIds.length ? inArray(contestPlayers.userId, userIds) : undefined,
				phones.length ? inArray(contestPlayers.phone, phones) : undefined
			)
		)
		.orderBy(asc(contestPlayers.id));
}

/** Erases the contact data of these registrations (a carried-out deletion request). */
export async function erasePlayers(db: Db, playerIds: readonly number[]) {
	if (!playerIds.length) return 0;
	const rows = await db
		.update(contestPlayers)
		.set(erased)
		.where(and(inArray(contestPlayers.id, [...playerIds]), holdsPersonalData))
		.returning({ id: contestPlayers.id });
	return rows.length;
}

/** Everything held about an account's registrations and attempts, for its data download. */
export async function contestDataOf(db: Db, userId: number) {
	const registrations = await db
		.select({
			id: contestPlayers.id,
			contestId: contestPlayers.contestId,
			contestTitle: contests.title,
			fullName: contestPlayers.fullName,
			phone: contestPlayers.phone,
			idNumber: contestPlayers.idNumber,
			birthDate: contestPlayers.birthDate,
			unitName: units.name,
			resultsEmail: contestPlayers.resultsEmail,
			consentVersion: contestPlayers.consentVersion,
			consentedAt: contestPlayers.consentedAt,
			voidedAt: contestPlayers.voidedAt,
			voidReason: contestPlayers.voidReason,
			createdAt: contestPlayers.createdAt
		})
		.from(contestPlayers)
		.innerJoin(contests, eq(contests.id, contestPlayers.contestId))
		.innerJoin(units, eq(units.id, contestPlayers.unitId))
		.where(eq(contestPlayers.userId, userId))
		.orderBy(asc(contestPlayers.id));
	const ids = registrations.map((r) => r.id);
	const tries = ids.length
		? await db
				.select({
					id: attempts.id,
					playerId: attempts.playerId,
					roundTitle: contestRounds.title,
					attemptNo: attempts.attemptNo,
					startedAt: attempts.startedAt,
					finishedAt: attempts.finishedAt,
					correctCount: attempts.correctCount,
					durationMs: attempts.durationMs,
					prediction: attempts.prediction
				})
				.from(attempts)
				.innerJoin(contestRounds, eq(contestRounds.id, attempts.roundId))
				.where(inArray(attempts.playerId, ids))
				.orderBy(asc(attempts.id))
		: [];
	return { registrations, attempts: tries };
}
