/**
 * What a poll keeps of a signed-in voter (docs/privacy.md): the ballot's poll, time and tracking
 * code, tied to the account so it votes once. Anonymous ballots hold no account and no address
 * (only a keyed hash of it), so nothing ties them to a person.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pollBallots, polls } from '../db/schema';

export async function ballotsOf(db: Db, userId: number) {
	return db
		.select({
			id: pollBallots.id,
			pollId: pollBallots.pollId,
			pollTitle: polls.title,
			trackingCode: pollBallots.trackingCode,
			castAt: pollBallots.castAt,
			voidedAt: pollBallots.voidedAt
		})
		.from(pollBallots)
		.innerJoin(polls, eq(polls.id, pollBallots.pollId))
		.where(eq(pollBallots.userId, userId))
		.orderBy(asc(pollBallots.id));
}

/** Unties an erased account's ballots from it; the tally keeps them (the votes were valid). */
export async function detachBallots(db: Db, userId: number) {
	const rows = await db
		.update(pollBallots)
		.set({ userId: null })
		.where(eq(pollBallots.userId, userId))
		.returning({ id: pollBallots.id });
	return rows.length;
}
