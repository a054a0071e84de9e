import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { roleAssignments, sessions, signInThrottle, units, users } from '../db/schema';
import type { Actor, RoleGrant } from './actor';
import type { ThrottleState } from './rules';

export async function findUserByEmail(db: Db, email: string) {
	const [user] = await db
		.select()
		.from(users)
		.where(eq(sql`lower(${users.email})`, email.toLowerCase()));
	return user ?? null;
}

/** When the account was made: some polls take only accounts older than a set age. */
export async function findUserCreatedAt(db: Db, id: number): Promise<Date | null> {
	const [row] = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, id));
	return row?.createdAt ?? null;
}

/** When the person proved their address: some polls take only verified accounts. */
export async function findUserEmailVerifiedAt(db: Db, id: number): Promise<Date | null> {
	const [row] = await db
		.select({ emailVerifiedAt: users.emailVerifiedAt })
		.from(users)
		.where(eq(users.id, id));
	return row?.emailVerifiedAt ?? null;
}

/** The user, locked until the transaction ends (two clicks of one button wait for each other). */
export async function lockUser(db: Db, id: number) {
	const [user] = await db.select().from(users).where(eq(users.id, id)).for('update');
	return user ?? null;
}

/** The first proof of the address counts; a later one changes nothing. */
export async function markEmailVerified(db: Db, id: number, now: Date) {
	await db
		.update(users)
		.set({
			emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`
		})
		.where(eq(users.id, id));
}

export async function findUserById(db: Db, id: number) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user ?? null;
}

/** The user with the unit paths of their membership and every role they hold. */
export async function loadActor(db: Db, userId: number): Promise<Actor | null> {
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			unitId: users.unitId,
			unitPath: units.path,
			active: users.active
		})
		.from(users)
		.leftJoin(units, eq(units.id, users.unitId))
		.where(eq(users.id, userId));
	if (!user || !user.active) return null;
	const roles = await db
		.select({ role: roleAssignments.role, unitId: roleAssignments.unitId, unitPath: units.path })
		.from(roleAssignments)
		.leftJoin(units, eq(units.id, roleAssignments.unitId))
		.where(eq(roleAssignments.userId, userId))
		.orderBy(roleAssignments.id);
	return {
		id: user.id,
		email: user.email,
		fullName: user.fullName,
		unitId: user.unitId,
		unitPath: user.unitPath,
		roles
	};
}

export async function insertSession(db: Db, id: string, userId: number, expiresAt: Date) {
	await db.insert(sessions).values({ id, userId, expiresAt });
}

/** A session counts only while its user is active: deactivation takes effect at once. */
const userUnits = alias(units, 'user_unit');

function sessionActorQuery(db: Db) {
	return db
		.select({
			id: sessions.id,
			expiresAt: sessions.expiresAt,
			userId: users.id,
			email: users.email,
			fullName: users.fullName,
			unitId: users.unitId,
			unitPath: userUnits.path,
			roles: sql<RoleGrant[]>`(select coalesce(json_agg(json_build_object('role', ra.role,
				'unitId', ra.unit_id, 'unitPath', gu.path) order by ra.id), '[]'::json)
				from role_assignments ra left join units gu on gu.id = ra.unit_id
				where ra.user_id = ${users.id})`
		})
		.from(sessions)
		.innerJoin(users, and(eq(users.id, sessions.userId), sql`${users.active}`))
		.leftJoin(userUnits, eq(userUnits.id, users.unitId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare('auth_session_actor');
}

const sessionActorQueries = new WeakMap<Db, ReturnType<typeof sessionActorQuery>>();

/**
 * The live session with its actor (user, unit, every role) in one prepared statement: every
 * signed-in request runs it, so it costs one round trip and no query building.
 */
export async function findSessionActor(
	db: Db,
	id: string
): Promise<{ expiresAt: Date; actor: Actor } | null> {
	let query = sessionActorQueries.get(db);
	if (!query) sessionActorQueries.set(db, (query = sessionActorQuery(db)));
	const [row] = await query.execute({ id });
	if (!row) return null;
	const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as RoleGrant[]) : row.roles;
	return {
		expiresAt: row.expiresAt,
		actor: {
			id: row.userId,
			email: row.email,
			fullName: row.fullName,
			unitId: row.unitId,
			unitPath: row.unitPath,
			roles: roles.map((r) => ({ role: r.role, unitId: r.unitId, unitPath: r.unitPath }))
		}
	};
}

export async function extendSession(db: Db, id: string, expiresAt: Date) {
	await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Db, id: string) {
	await db.delete(sessions).where(eq(sessions.id, id));
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string, now: Date) {
	await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
}

export async function deleteUserSessions(db: Db, userId: number) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function getThrottle(db: Db, key: string): Promise<ThrottleState | null> {
	const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
	return row ?? null;
}

/** The key's row, created if new and locked until the transaction ends. */
export async function lockThrottle(db: Db, key: string, now: Date): Promise<ThrottleState> {
	await db
		.insert(signInThrottle)
		.values({ key, failures: 0, windowStartedAt: now })
		.onConflictDoNothing();
	const [row] = await db
		.select()
		.from(signInThrottle)
		.where(eq(signInThrottle.key, key))
		.for('update');
	return row!;
}

export async function saveThrottle(db: Db, key: string, state: ThrottleState) {
	await db
		.insert(signInThrottle)
		.values({ key, ...state })
		.onConflictDoUpdate({ target: signInThrottle.key, set: { ...state } });
}

export async function clearThrottle(db: Db, key: string) {
	await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/** Counters whose window began before `before` and whose lock is over count for nothing. */
export async function purgeThrottles(db: Db, before: Date, now: Date) {
	await db
		.delete(signInThrottle)
		.where(
			and(
				lt(signInThrottle.windowStartedAt, before),
				or(isNull(signInThrottle.lockedUntil), lte(signInThrottle.lockedUntil, now))
			)
		);
}

/**
 * Where to tell people by e-mail: address, name and whether the account is active, for many
 * users in one query (an update to forty judges reads forty rows once).
 */
export async function findUserContacts(db: Db, ids: number[]) {
	if (ids.length === 0) return [];
	return db
		.select({ id: users.id, email: users.email, fullName: users.fullName, active: users.active })
		.from(users)
		.where(inArray(users.id, ids));
}

/** Users' full names by id (histories show who acted). */
export async function findUserNames(db: Db, ids: number[]) {
	if (ids.length === 0) return [];
	return db
		.select({ id: users.id, fullName: users.fullName })
		.from(users)
		.where(inArray(users.id, ids));
}
