import { asc, desc, eq, sql } from 'drizzle-orm';
import type { PrivacyRequestStatus } from '$lib/shared/privacy';
import type { Db } from '../db/client';
import { rowsOf } from '../db/sql';
import { privacyRequests, type PrivacyRequest } from '../db/schema';

export async function insertRequest(
	db: Db,
	values: Omit<typeof privacyRequests.$inferInsert, 'id'>
): Promise<PrivacyRequest> {
	const [row] = await db.insert(privacyRequests).values(values).returning();
	return row!;
}

export async function findRequest(db: Db, id: number): Promise<PrivacyRequest | null> {
	const [row] = await db.select().from(privacyRequests).where(eq(privacyRequests.id, id));
	return row ?? null;
}

export async function closeRequest(
	db: Db,
	id: number,
	values: {
		status: Exclude<PrivacyRequestStatus, 'pending'>;
		handledById: number;
		outcome: Record<string, unknown>;
	},
	now: Date
) {
	await db
		.update(privacyRequests)
		.set({ ...values, handledAt: now })
		.where(eq(privacyRequests.id, id));
}

/** The administrators' queue: pending first (oldest first), then the latest handled. */
export async function listRequests(db: Db, limit = 200) {
	return db
		.select({
			id: privacyRequests.id,
			kind: privacyRequests.kind,
			status: privacyRequests.status,
			userId: privacyRequests.userId,
			fullName: privacyRequests.fullName,
			phone: privacyRequests.phone,
			email: privacyRequests.email,
			message: privacyRequests.message,
			createdAt: privacyRequests.createdAt,
			handledAt: privacyRequests.handledAt,
			outcome: privacyRequests.outcome
		})
		.from(privacyRequests)
		.orderBy(
			desc(eq(privacyRequests.status, 'pending')),
			asc(privacyRequests.handledAt),
			asc(privacyRequests.id)
		)
		.limit(limit);
}

/** A person's own requests, for their data download and their page. */
export async function requestsOf(db: Db, userId: number) {
	return db
		.select({
			id: privacyRequests.id,
			kind: privacyRequests.kind,
			status: privacyRequests.status,
			message: privacyRequests.message,
			createdAt: privacyRequests.createdAt,
			handledAt: privacyRequests.handledAt
		})
		.from(privacyRequests)
		.where(eq(privacyRequests.userId, userId))
		.orderBy(asc(privacyRequests.id));
}

/**
 * Takes the retention job's lock until the transaction ends, unless another node holds it: the
 * job's runs on every node sharing the database then take turns, and one that finds it taken
 * skips its turn (the holder is doing that very work).
 */
export async function tryLockRetention(db: Db): Promise<boolean> {
	const [row] = rowsOf<{ locked: boolean }>(
		await db.execute(sql`select pg_try_advisory_xact_lock(hashtext('privacy:retention')) as locked`)
	);
	return row?.locked === true;
}
