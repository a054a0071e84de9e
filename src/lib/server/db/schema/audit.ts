import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** Append-only. `unitPath` is copied at write time so an organizer's subtree filter still
 * finds the row after the unit moves or is archived. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorId: integer().references(() => users.id),
		action: text().notNull(),
		entityType: text().notNull(),
		entityId: text(),
		unitPath: text(),
		before: jsonb(),
		after: jsonb()
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_actor_idx').on(t.actorId),
		index('audit_log_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`)
	]
);

export type AuditRow = typeof auditLog.$inferSelect;
