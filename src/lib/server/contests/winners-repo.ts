/** A round's published winners: stored once, read by the contest pages and by awards. */
import { and, asc, desc, eq, isNotNull, like, or, sql } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { contestPlayers, contestRounds, contests, roundWinners, units } from '../db/schema';

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

/**
 * How to reach a round's winners (their account, the address they gave for results): for the
 * award message only, never for a page (the winners list is public).
 */
export async function listRoundWinnerContacts(db: Db, roundId: number) {
	return db
		.select({
			playerId: roundWinners.playerId,
			userId: contestPlayers.userId,
			resultsEmail: contestPlayers.resultsEmail
		})
		.from(roundWinners)
		.innerJoin(contestPlayers, eq(contestPlayers.id, roundWinners.playerId))
		.where(eq(roundWinners.roundId, roundId));
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

/** A round's published winners, by rank (the contest pages read the same rows as awards). */
export const winnersOf = listRoundWinners;
