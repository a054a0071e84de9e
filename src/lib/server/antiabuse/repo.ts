import { lte } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { powUsed, votingSecret } from '../db/schema';
import type { Verified } from './pow';

const secrets = new WeakMap<Db, string>();

/**
 * The installation's key for proof-of-work challenges, address hashes and contest option ids:
 * made once, stored, shared by every app node (VOTING_SECRET overrides it; the name is kept
 * from where it began). Read first, so a page that only reads never writes once it exists.
 * Inside a transaction, pass its pool as `rememberFor`: the key is read on the transaction's own
 * connection (asking the pool for a second one while holding the first can starve it) and
 * remembered for every later transaction of that pool.
 */
export async function antiAbuseKey(db: Db, rememberFor: Db = db): Promise<string> {
	const known = secrets.get(rememberFor);
	if (known) return known;
	const fromEnv = process.env.VOTING_SECRET;
	if (fromEnv && fromEnv.length >= 32) {
		secrets.set(rememberFor, fromEnv);
		return fromEnv;
	}
	let [row] = await db.select({ key: votingSecret.key }).from(votingSecret);
	if (!row) {
		await db
			.insert(votingSecret)
			.values({ id: 1, key: randomBytes(32).toString('base64url') })
			.onConflictDoNothing();
		[row] = await db.select({ key: votingSecret.key }).from(votingSecret);
	}
	secrets.set(rememberFor, row!.key);
	return row!.key;
}

/** Marks a proof spent; false when it already was (a replay). Rolled back with the caller. */
export async function spendProof(db: Db, proof: Verified): Promise<boolean> {
	const rows = await db
		.insert(powUsed)
		.values({ signature: proof.signature, expiresAt: proof.expiresAt })
		.onConflictDoNothing()
		.returning({ signature: powUsed.signature });
	return rows.length === 1;
}

/** Spent challenges past their expiry can go: an expired solution is refused anyway. */
export async function purgeSpentChallenges(db: Db, now: Date) {
	await db.delete(powUsed).where(lte(powUsed.expiresAt, now));
}

/** How often each process clears spent challenges that have expired (they can never replay). */
export const PURGE_SPENT_EVERY_MS = 10 * 60 * 1000;
const lastPurge = new Map<string, WeakMap<Db, number>>();

/**
 * Whether the housekeeping job `job` is due on this process: at most once per
 * PURGE_SPENT_EVERY_MS (a clock set back counts as due). Marks it done when it is.
 */
export function purgeDue(job: string, db: Db, now: Date): boolean {
	let byDb = lastPurge.get(job);
	if (!byDb) lastPurge.set(job, (byDb = new WeakMap()));
	const last = byDb.get(db);
	if (last !== undefined && Math.abs(now.getTime() - last) < PURGE_SPENT_EVERY_MS) return false;
	byDb.set(db, now.getTime());
	return true;
}

/** Keeps the spent-challenge table to the last few minutes' challenges, on the way to a new one. */
export async function purgeSpentIfDue(db: Db, now: Date) {
	if (purgeDue('spent-challenges', db, now)) await purgeSpentChallenges(db, now);
}
