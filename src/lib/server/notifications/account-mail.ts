/** Reads and withdrawals of the messages that serve one account (invitation, reset, verification). */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailOutbox } from '../db/schema';

/** When the latest message of this kind for this account was written, or null. */
export async function lastMailQueuedAt(db: Db, userId: number, kind: string): Promise<Date | null> {
	const [row] = await db
		.select({ createdAt: mailOutbox.createdAt })
		.from(mailOutbox)
		.where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.kind, kind)))
		.orderBy(desc(mailOutbox.createdAt))
		.limit(1);
	return row?.createdAt ?? null;
}

/**
 * Withdraws messages of these kinds still waiting for this account (not those a sender holds):
 * once the person has set a password, a waiting invitation or reset would only confuse them.
 */
export async function withdrawPendingMail(
	db: Db,
	userId: number,
	kinds: readonly string[]
): Promise<void> {
	await db
		.delete(mailOutbox)
		.where(
			and(
				eq(mailOutbox.userId, userId),
				inArray(mailOutbox.kind, [...kinds]),
				eq(mailOutbox.status, 'pending')
			)
		);
}
