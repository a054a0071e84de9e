import { and, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { MailStatus, MailTopic } from '$lib/shared/mail';
import type { Db } from '../db/client';
import { mailOptOuts, mailOutbox, type OutboxRow } from '../db/schema';

/** One message to write into the outbox. */
export interface NewMail {
	/** A template's name (see templates.ts). */
	kind: string;
	to: string;
	userId?: number | null;
	data: Record<string, unknown>;
	/** Non-essential messages name the topic the person may turn off; essential ones leave it out. */
	topic?: MailTopic;
	/**
	 * Messages of one digest merge while pending: `data.items` of the new one is appended to the
	 * waiting one's. `holdMs` is how long a digest gathers before it goes.
	 */
	digest?: { key: string; holdMs: number };
}

export const normalAddress = (address: string) => address.trim().toLowerCase();

function newMessageId(at: Date) {
	const random = Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex');
	return `<${at.getTime().toString(36)}.${random}@guong-sang>`;
}

/**
 * Writes one message in the caller's transaction (so it exists exactly when the change does).
 * Returns the row's id, or null when the address turned the topic off.
 */
export async function enqueueMail(db: Db, now: Date, mail: NewMail): Promise<number | null> {
	const to = mail.to.trim();
	if (mail.topic && (await optedOut(db, to, mail.topic))) return null;
	const row = {
		kind: mail.kind,
		toAddress: to,
		userId: mail.userId ?? null,
		data: mail.topic ? { ...mail.data, topic: mail.topic } : mail.data,
		digestKey: mail.digest?.key ?? null,
		notBefore: new Date(now.getTime() + (mail.digest?.holdMs ?? 0)),
		messageId: newMessageId(now),
		createdAt: now
	};
	if (!mail.digest) {
		const [inserted] = await db.insert(mailOutbox).values(row).returning({ id: mailOutbox.id });
		return inserted!.id;
	}
	// One pending message per digest key (a partial unique index): a new item joins it.
	const [merged] = await db
		.insert(mailOutbox)
		.values(row)
		.onConflictDoUpdate({
			target: mailOutbox.digestKey,
			targetWhere: sql`${mailOutbox.status} = 'pending'`,
			set: {
				data: sql`jsonb_set(${mailOutbox.data}, '{items}', coalesce(${mailOutbox.data} -> 'items', '[]'::jsonb) || coalesce(excluded.data -> 'items', '[]'::jsonb))`
			}
		})
		.returning({ id: mailOutbox.id });
	return merged!.id;
}

async function optedOut(db: Db, address: string, topic: MailTopic) {
	const [row] = await db
		.select({ topic: mailOptOuts.topic })
		.from(mailOptOuts)
		.where(and(eq(mailOptOuts.address, normalAddress(address)), eq(mailOptOuts.topic, topic)));
	return !!row;
}

export async function topicsTurnedOff(db: Db, address: string): Promise<MailTopic[]> {
	const rows = await db
		.select({ topic: mailOptOuts.topic })
		.from(mailOptOuts)
		.where(eq(mailOptOuts.address, normalAddress(address)));
	return rows.map((r) => r.topic as MailTopic);
}

export async function setTopicOff(
	db: Db,
	address: string,
	topic: MailTopic,
	off: boolean,
	now: Date
) {
	const key = normalAddress(address);
	if (off)
		await db.insert(mailOptOuts).values({ address: key, topic, at: now }).onConflictDoNothing();
	else
		await db
			.delete(mailOptOuts)
			.where(and(eq(mailOptOuts.address, key), eq(mailOptOuts.topic, topic)));
}

/**
 * Claims up to `limit` due messages for one sender: pending ones whose time has come, and ones
 * whose claim lapsed (their sender died mid-batch). `skip locked` lets several nodes claim at
 * once without waiting on, or taking, each other's rows.
 */
export async function claimDue(
	db: Db,
	now: Date,
	leaseMs: number,
	limit: number
): Promise<OutboxRow[]> {
	const until = new Date(now.getTime() + leaseMs);
	const due = db
		.select({ id: mailOutbox.id })
		.from(mailOutbox)
		.where(
			or(
				and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.notBefore, now)),
				and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.claimedUntil, now))
			)
		)
		.orderBy(mailOutbox.notBefore, mailOutbox.id)
		.limit(limit)
		.for('update', { skipLocked: true });
	return db
		.update(mailOutbox)
		.set({ status: 'sending', claimedUntil: until, attempts: sql`${mailOutbox.attempts} + 1` })
		.where(inArray(mailOutbox.id, due))
		.returning();
}

/** Unsent messages and the age of the oldest at `now` (the metrics' outbox backlog). */
export async function outboxBacklog(db: Db, now: Date) {
	const [row] = await db
		.select({
			pending: sql<number>`count(*)::int`,
			oldest: sql<string | Date | null>`min(${mailOutbox.createdAt})`
		})
		.from(mailOutbox)
		.where(inArray(mailOutbox.status, ['pending', 'sending']));
	const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
	return {
		pending: row?.pending ?? 0,
		oldestSeconds: Math.max(0, (now.getTime() - oldest) / 1000)
	};
}

/** The claim a sender holds: its row as claimed (the attempt count fences a lapsed claim). */
const stillClaimed = (row: OutboxRow): SQL =>
	and(
		eq(mailOutbox.id, row.id),
		eq(mailOutbox.status, 'sending'),
		eq(mailOutbox.attempts, row.attempts)
	)!;

export async function recordSent(
	db: Db,
	row: OutboxRow,
	outcome: {
		status: 'delivered' | 'kept';
		reply: string;
		subject: string;
		text: string;
		html: string;
	},
	now: Date
) {
	await db
		.update(mailOutbox)
		.set({ ...outcome, sentAt: now, claimedUntil: null })
		.where(stillClaimed(row));
}

export async function recordFailure(
	db: Db,
	row: OutboxRow,
	outcome: { reply: string; retryAt: Date | null },
	now: Date
) {
	await db
		.update(mailOutbox)
		.set({
			status: outcome.retryAt ? 'pending' : 'failed',
			notBefore: outcome.retryAt ?? now,
			reply: outcome.reply,
			claimedUntil: null
		})
		.where(stillClaimed(row));
}

/** A stopping sender hands a claimed message back untouched (the attempt did not happen). */
export async function releaseClaim(db: Db, row: OutboxRow) {
	await db
		.update(mailOutbox)
		.set({ status: 'pending', claimedUntil: null, attempts: sql`${mailOutbox.attempts} - 1` })
		.where(stillClaimed(row));
}

export async function findMail(db: Db, id: number) {
	const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
	return row ?? null;
}

const PAGE = 50;

export async function listMail(db: Db, options: { status: MailStatus | null; page: number }) {
	const where = options.status ? eq(mailOutbox.status, options.status) : undefined;
	const [rows, counts] = await Promise.all([
		db
			.select()
			.from(mailOutbox)
			.where(where)
			.orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
			.limit(PAGE)
			.offset((options.page - 1) * PAGE),
		db
			.select({ status: mailOutbox.status, n: sql<number>`count(*)::int` })
			.from(mailOutbox)
			.groupBy(mailOutbox.status)
	]);
	const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<
		Record<MailStatus, number>
	>;
	const total = options.status
		? (byStatus[options.status] ?? 0)
		: counts.reduce((sum, c) => sum + c.n, 0);
	return { rows, byStatus, total, pageCount: Math.max(1, Math.ceil(total / PAGE)) };
}

/** Puts a waiting or failed message back in line now (a delivered one is copied instead). */
export async function retryNow(db: Db, id: number, now: Date) {
	await db
		.update(mailOutbox)
		.set({ status: 'pending', notBefore: now, claimedUntil: null })
		.where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['pending', 'failed'])));
}

export async function copyForResend(db: Db, row: OutboxRow, now: Date) {
	const [copy] = await db
		.insert(mailOutbox)
		.values({
			kind: row.kind,
			toAddress: row.toAddress,
			userId: row.userId,
			data: row.data,
			notBefore: now,
			messageId: newMessageId(now),
			createdAt: now
		})
		.returning({ id: mailOutbox.id });
	return copy!.id;
}
