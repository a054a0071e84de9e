/**
 * An account's personal data (docs/privacy.md): what its owner downloads, and what an
 * administrator erases at the owner's request. The row itself stays (audit entries, decisions
 * and dossiers point at it) but holds nothing that identifies the person any more.
 */
import { asc, eq } from 'drizzle-orm';
import { foldVietnamese } from '$lib/shared/text';
import type { Db } from '../db/client';
import { roleAssignments, units, users } from '../db/schema';

export const ERASED_ACCOUNT_NAME = 'Tài khoản đã xoá';

/** The account as held: everything but the password's hash (whether one is set is said). */
export async function accountDataOf(db: Db, userId: number) {
	const [account] = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			phone: users.phone,
			unitName: units.name,
			emailVerifiedAt: users.emailVerifiedAt,
			active: users.active,
			consentVersion: users.consentVersion,
			consentedAt: users.consentedAt,
			createdAt: users.createdAt,
			updatedAt: users.updatedAt
		})
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(eq(users.id, userId));
	const roles = await db
		.select({ role: roleAssignments.role, unitName: units.name, since: roleAssignments.createdAt })
		.from(roleAssignments)
		.leftJoin(units, eq(units.id, roleAssignments.unitId))
		.where(eq(roleAssignments.userId, userId))
		.orderBy(asc(roleAssignments.id));
	return account ? { account, roles } : null;
}

/**
 * Erases what identifies the account's owner: e-mail (a placeholder keeps the column's
 * uniqueness), name, phone and password; the account can no longer sign in. Returns the
 * address and name it had, so the owner is told at the address they used.
 */
export async function eraseAccount(db: Db, userId: number, now: Date) {
	const [before] = await db
		.select({ email: users.email, fullName: users.fullName, erasedAt: users.erasedAt })
		.from(users)
		.where(eq(users.id, userId));
	if (!before || before.erasedAt) return null;
	await db
		.update(users)
		.set({
			email: `da-xoa-${userId}@an-danh.invalid`,
			fullName: ERASED_ACCOUNT_NAME,
			nameFolded: foldVietnamese(ERASED_ACCOUNT_NAME),
			phone: null,
			passwordHash: null,
			emailVerifiedAt: null,
			active: false,
			erasedAt: now,
			updatedAt: now
		})
		.where(eq(users.id, userId));
	await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
	return { email: before.email, fullName: before.fullName };
}
