import { and, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { auditLog, users } from '../db/schema';

export interface AuditEntry {
	actorId: number | null;
	action: string;
	entityType: string;
	entityId?: string | number | null;
	unitPath?: string | null;
	before?: unknown;
	after?: unknown;
}

/** Written inside the same transaction as the change it records. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
	await db.insert(auditLog).values({
		actorId: entry.actorId,
		action: entry.action,
		entityType: entry.entityType,
		entityId: entry.entityId == null ? null : String(entry.entityId),
		unitPath: entry.unitPath ?? null,
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}

export interface AuditFilter {
	/** Subtrees the reader may see; null means everything (administrator). */
	withinPaths: string[] | null;
	actorId?: number;
	action?: string;
	from?: Date;
	to?: Date;
	limit: number;
	offset: number;
}

export async function listAudit(db: Db, filter: AuditFilter) {
	const conditions: SQL[] = [];
	if (filter.withinPaths) {
		const scopes = filter.withinPaths.map((p) => like(auditLog.unitPath, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
	if (filter.action) conditions.push(like(auditLog.action, `${escapeLike(filter.action)}%`));
	if (filter.from) conditions.push(gte(auditLog.at, filter.from));
	if (filter.to) conditions.push(lt(auditLog.at, filter.to));
	return db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			entityType: auditLog.entityType,
			entityId: auditLog.entityId,
			before: auditLog.before,
			after: auditLog.after,
			actorId: auditLog.actorId,
			actorName: users.fullName
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(and(...conditions))
		.orderBy(desc(auditLog.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function countAuditRows(db: Db): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
	return row?.n ?? 0;
}
