import { and, asc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike, foldVietnamese } from '$lib/shared/text';
import type { RoleKind } from '$lib/shared/labels';
import type { Db } from '../db/client';
import { roleAssignments, units, users } from '../db/schema';
import { outer } from '../db/sql';

/** A user with the unit paths the policy needs to decide who may manage them. */
export async function findManagedUser(db: Db, id: number) {
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			phone: users.phone,
			unitId: users.unitId,
			unitName: units.name,
			unitPath: units.path,
			active: users.active,
			createdAt: users.createdAt,
			/** False until an invited person sets their password through the invitation's link. */
			hasPassword: sql<boolean>`${users.passwordHash} is not null`,
			emailVerifiedAt: users.emailVerifiedAt
		})
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(eq(users.id, id));
	if (!user) return null;
	const roles = await db
		.select({
			id: roleAssignments.id,
			role: roleAssignments.role,
			unitId: roleAssignments.unitId,
			unitName: units.name,
			unitPath: units.path
		})
		.from(roleAssignments)
		.leftJoin(units, eq(units.id, roleAssignments.unitId))
		.where(eq(roleAssignments.userId, id))
		.orderBy(asc(roleAssignments.id));
	return { ...user, roles };
}

export type ManagedUser = NonNullable<Awaited<ReturnType<typeof findManagedUser>>>;

export async function listUsers(
	db: Db,
	options: { withinPaths: string[] | null; search: string; limit: number; offset: number }
) {
	const conditions: SQL[] = [];
	if (options.withinPaths) {
		const scopes = options.withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	if (options.search) {
		const folded = `%${escapeLike(foldVietnamese(options.search))}%`;
		conditions.push(
			or(like(users.nameFolded, folded), like(sql`lower(${users.email})`, folded)) as SQL
		);
	}
	const rows = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			unitName: units.name,
			active: users.active,
			roles: sql<
				RoleKind[]
			>`coalesce((select array_agg(distinct ra.role::text) from role_assignments ra where ra.user_id = ${outer(users.id)}), '{}')`,
			total: sql<number>`count(*) over ()::int`
		})
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(and(...conditions))
		.orderBy(asc(users.nameFolded), asc(users.id))
		.limit(options.limit)
		.offset(options.offset);
	return { rows, total: rows[0]?.total ?? 0 };
}

export async function insertUser(
	db: Db,
	values: {
		email: string;
		fullName: string;
		phone: string | null;
		unitId: number;
	}
) {
	// No password: the person sets one through their invitation's link.
	const [row] = await db
		.insert(users)
		.values({ ...values, passwordHash: null, nameFolded: foldVietnamese(values.fullName) })
		.returning({ id: users.id });
	return row!.id;
}

export async function updateUserFields(
	db: Db,
	id: number,
	values: {
		email: string;
		fullName: string;
		phone: string | null;
		unitId: number;
		/** Set to null when the address changes: the new one is not proven yet. */
		emailVerifiedAt?: null;
	},
	now: Date
) {
	await db
		.update(users)
		.set({ ...values, nameFolded: foldVietnamese(values.fullName), updatedAt: now })
		.where(eq(users.id, id));
}

export async function setUserActive(db: Db, id: number, active: boolean, now: Date) {
	await db.update(users).set({ active, updatedAt: now }).where(eq(users.id, id));
}

export async function insertRole(db: Db, userId: number, role: RoleKind, unitId: number | null) {
	const [row] = await db
		.insert(roleAssignments)
		.values({ userId, role, unitId })
		.onConflictDoNothing()
		.returning({ id: roleAssignments.id });
	return row?.id ?? null;
}

export async function deleteRole(db: Db, userId: number, roleId: number) {
	await db
		.delete(roleAssignments)
		.where(and(eq(roleAssignments.id, roleId), eq(roleAssignments.userId, userId)));
}

export async function anyAdministrator(db: Db): Promise<boolean> {
	const [row] = await db
		.select({ id: roleAssignments.id })
		.from(roleAssignments)
		.where(eq(roleAssignments.role, 'admin'))
		.limit(1);
	return Boolean(row);
}

/** An account without a unit (the first administrator). */
export async function insertUnattachedUser(
	db: Db,
	values: { email: string; fullName: string; passwordHash: string }
) {
	const [row] = await db
		.insert(users)
		.values({ ...values, nameFolded: foldVietnamese(values.fullName) })
		.returning({ id: users.id });
	return row!.id;
}

/** Which of these emails (lower-cased) already belong to an account. */
export async function takenEmails(db: Db, emails: string[]): Promise<Set<string>> {
	const existing = await db.query.users.findMany({
		columns: { email: true },
		where: (u, { inArray, sql }) => inArray(sql`lower(${u.email})`, emails)
	});
	return new Set(existing.map((u) => u.email.toLowerCase()));
}
