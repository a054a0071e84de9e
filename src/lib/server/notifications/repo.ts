import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notifications } from '../db/schema';

/** Writes one in-app update per person, in the caller's transaction. */
export async function insertNotifications(
	db: Db,
	userIds: readonly number[],
	update: { message: string; link: string; at: Date }
) {
	if (userIds.length)
		await db.insert(notifications).values(userIds.map((userId) => ({ userId, ...update })));
}

export async function listNotifications(db: Db, userId: number, limit = 50) {
	return db
		.select()
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.at), desc(notifications.id))
		.limit(limit);
}

export async function countUnread(db: Db, userId: number) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return row?.n ?? 0;
}

export async function markAllRead(db: Db, userId: number, at: Date) {
	await db
		.update(notifications)
		.set({ readAt: at })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
