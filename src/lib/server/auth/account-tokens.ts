import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { AccountTokenPurpose } from '$lib/shared/mail';
import type { Db } from '../db/client';
import { accountTokens } from '../db/schema';
import { generateSessionToken, sessionIdFromToken } from './tokens';

/** How long each kind of link works. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
	invite: 7 * 24 * 3600_000,
	reset: 3600_000,
	verify: 7 * 24 * 3600_000
};

/** Where each kind of link leads; the token is the last segment. */
export const TOKEN_PATHS: Record<AccountTokenPurpose, string> = {
	invite: '/mat-khau-moi',
	reset: '/mat-khau-moi',
	verify: '/xac-nhan-email'
};

/**
 * Mints the single-use link a message carries, when the message is sent (so the token exists in
 * the e-mail alone, never in the outbox). Earlier unused links of the same purpose stop working:
 * only the latest message's link does.
 */
export async function mintAccountLink(
	db: Db,
	request: { userId: number; purpose: AccountTokenPurpose; address: string },
	now: Date
): Promise<string> {
	const token = generateSessionToken();
	// Outside any use case (the sender mints): a crash between the two leaves no working link,
	// and the message, not recorded as sent, mints again.
	await db
		.delete(accountTokens)
		.where(
			and(
				eq(accountTokens.userId, request.userId),
				eq(accountTokens.purpose, request.purpose),
				isNull(accountTokens.usedAt)
			)
		);
	await db.insert(accountTokens).values({
		userId: request.userId,
		purpose: request.purpose,
		tokenHash: sessionIdFromToken(token),
		address: request.address,
		expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[request.purpose]),
		createdAt: now
	});
	return `${TOKEN_PATHS[request.purpose]}/${token}`;
}

/**
 * Spends a link: the row is marked used under its own update, so two clicks at once cannot both
 * spend it. Returns the account and the address it was sent to, or null (unknown, used, expired).
 */
export async function spendAccountToken(
	db: Db,
	token: string,
	purposes: readonly AccountTokenPurpose[],
	now: Date
) {
	const [row] = await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(accountTokens.tokenHash, sessionIdFromToken(token)),
				inArray(accountTokens.purpose, [...purposes]),
				isNull(accountTokens.usedAt),
				gt(accountTokens.expiresAt, now)
			)
		)
		.returning();
	return row ?? null;
}

/** Reads a link without spending it (to show the form it opens), or null. */
export async function peekAccountToken(db: Db, token: string, now: Date) {
	const [row] = await db
		.select()
		.from(accountTokens)
		.where(
			and(
				eq(accountTokens.tokenHash, sessionIdFromToken(token)),
				isNull(accountTokens.usedAt),
				gt(accountTokens.expiresAt, now)
			)
		);
	return row ?? null;
}

/**
 * Stops the unused links of these purposes from working: once a password is set, older
 * invitation and reset links are spent too; once the address changes, links sent to the old one.
 */
export async function revokeAccountTokens(
	db: Db,
	userId: number,
	purposes: readonly AccountTokenPurpose[]
) {
	await db
		.delete(accountTokens)
		.where(
			and(
				eq(accountTokens.userId, userId),
				inArray(accountTokens.purpose, [...purposes]),
				isNull(accountTokens.usedAt)
			)
		);
}
