/** Writes of a contest copied from last year, and of its publication. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contestRounds, contests, type Contest, type ContestRound } from '../db/schema';

type ContestCopy = Pick<
	Contest,
	| 'unitId'
	| 'unitPath'
	| 'title'
	| 'description'
	| 'scope'
	| 'predictionKind'
	| 'tieBreaks'
	| 'guestHourlyLimit'
	| 'createdById'
>;

/** Inserts a contest as a draft (hidden from the public until published). */
export async function insertDraftContest(db: Db, values: ContestCopy): Promise<Contest> {
	const [row] = await db
		.insert(contests)
		.values({ ...values, draft: true })
		.returning();
	return row!;
}

export type RoundCopy = Omit<
	ContestRound,
	'id' | 'contestId' | 'lockedAt' | 'winnersPublishedAt' | 'createdAt'
>;

/** Inserts rounds as they were numbered, not opened: each fixes its pool when opened. */
export async function insertRounds(db: Db, contestId: number, rounds: RoundCopy[]) {
	if (rounds.length === 0) return [];
	return db
		.insert(contestRounds)
		.values(rounds.map((r) => ({ ...r, contestId })))
		.returning();
}

export async function publishContest(db: Db, id: number, now: Date): Promise<void> {
	await db.update(contests).set({ draft: false, updatedAt: now }).where(eq(contests.id, id));
}
