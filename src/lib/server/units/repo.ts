import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike, foldVietnamese } from '$lib/shared/text';
import type { Db } from '../db/client';
import { units, users, type Unit } from '../db/schema';
import { childPath, depthOf } from './rules';

export async function findUnit(db: Db, id: number): Promise<Unit | null> {
	const [unit] = await db.select().from(units).where(eq(units.id, id));
	return unit ?? null;
}

export async function findActiveUnit(db: Db, id: number): Promise<Unit | null> {
	const [unit] = await db
		.select()
		.from(units)
		.where(and(eq(units.id, id), isNull(units.archivedAt)));
	return unit ?? null;
}

export async function findUnitsByIds(db: Db, ids: number[]): Promise<Unit[]> {
	if (ids.length === 0) return [];
	return db.select().from(units).where(inArray(units.id, ids));
}

export async function findUnitsByCodes(db: Db, codes: string[]): Promise<Unit[]> {
	if (codes.length === 0) return [];
	return db.select().from(units).where(inArray(units.code, codes));
}

/** Units under any of the given paths (null: the whole tree), ordered as a tree. */
export async function listUnits(
	db: Db,
	options: { withinPaths: string[] | null; includeArchived?: boolean; search?: string }
) {
	const conditions: SQL[] = [];
	if (options.withinPaths) {
		const scopes = options.withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	if (!options.includeArchived) conditions.push(isNull(units.archivedAt));
	if (options.search) {
		const folded = `%${escapeLike(foldVietnamese(options.search))}%`;
		conditions.push(
			or(like(units.nameFolded, folded), like(sql`lower(${units.code})`, folded)) as SQL
		);
	}
	return db
		.select()
		.from(units)
		.where(and(...conditions))
		.orderBy(asc(units.path));
}

export async function insertUnit(
	db: Db,
	values: { name: string; code: string; kind: string; memberCount: number },
	parent: Pick<Unit, 'id' | 'path'> | null
): Promise<Unit> {
	// The path needs the new id, so insert with a placeholder and set it in the same transaction.
	const [row] = await db
		.insert(units)
		.values({
			...values,
			nameFolded: foldVietnamese(values.name),
			parentId: parent?.id ?? null,
			path: '/',
			depth: 0
		})
		.returning({ id: units.id });
	const path = childPath(parent?.path ?? null, row!.id);
	const [unit] = await db
		.update(units)
		.set({ path, depth: depthOf(path) })
		.where(eq(units.id, row!.id))
		.returning();
	return unit!;
}

export async function updateUnitFields(
	db: Db,
	id: number,
	values: { name: string; code: string; kind: string; memberCount: number },
	now: Date
): Promise<Unit> {
	const [unit] = await db
		.update(units)
		.set({ ...values, nameFolded: foldVietnamese(values.name), updatedAt: now })
		.where(eq(units.id, id))
		.returning();
	return unit!;
}

/** Moves a unit and rewrites the paths of its whole subtree in one statement. */
export async function moveSubtree(
	db: Db,
	unit: Unit,
	newParent: Pick<Unit, 'id' | 'path'> | null,
	now: Date
) {
	const newPath = childPath(newParent?.path ?? null, unit.id);
	const depthDelta = depthOf(newPath) - unit.depth;
	await db
		.update(units)
		.set({
			path: sql`${newPath} || substr(${units.path}, ${unit.path.length + 1})`,
			depth: sql`${units.depth} + ${depthDelta}`,
			updatedAt: now
		})
		.where(like(units.path, `${escapeLike(unit.path)}%`));
	await db
		.update(units)
		.set({ parentId: newParent?.id ?? null })
		.where(eq(units.id, unit.id));
	return newPath;
}

export async function countActiveChildren(db: Db, id: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(units)
		.where(and(eq(units.parentId, id), isNull(units.archivedAt)));
	return row?.n ?? 0;
}

export async function countActiveMembers(db: Db, id: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(users)
		.where(and(eq(users.unitId, id), eq(users.active, true)));
	return row?.n ?? 0;
}

export async function setArchived(db: Db, id: number, archivedAt: Date | null, now: Date) {
	await db.update(units).set({ archivedAt, updatedAt: now }).where(eq(units.id, id));
}

export async function setEmbedOrigins(
	db: Db,
	id: number,
	origins: string[],
	now: Date
): Promise<Unit> {
	const [unit] = await db
		.update(units)
		.set({ embedOrigins: origins, updatedAt: now })
		.where(eq(units.id, id))
		.returning();
	return unit!;
}

/** The sites listed by the units with these ids (a unit and those above it), once each. */
export async function embedOriginsOf(db: Db, ids: number[]): Promise<string[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.select({ origins: units.embedOrigins })
		.from(units)
		.where(inArray(units.id, ids));
	return [...new Set(rows.flatMap((r) => r.origins))].sort();
}

/** The sites listed by the units at the top of the tree (those without a parent), once each. */
export async function rootEmbedOrigins(db: Db): Promise<string[]> {
	const rows = await db
		.select({ origins: units.embedOrigins })
		.from(units)
		.where(isNull(units.parentId));
	return [...new Set(rows.flatMap((r) => r.origins))].sort();
}
