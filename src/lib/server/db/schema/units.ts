import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';

/**
 * Units form a tree of any depth. `path` is the materialised chain of ids ("/1/5/12/"), so a
 * subtree is one prefix match and no query assumes a fixed number of levels.
 */
export const units = pgTable(
	'units',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull(),
		nameFolded: text().notNull(),
		code: text().notNull().unique(),
		kind: text().notNull(),
		memberCount: integer().notNull().default(0),
		parentId: integer().references((): AnyPgColumn => units.id),
		path: text().notNull(),
		depth: integer().notNull(),
		archivedAt: timestamp({ withTimezone: true }),
		// The sites (origins such as "https://tinhdoan.example.vn") allowed to frame this unit's
		// embeddable pages, and those of the units below it (docs/embeds.md).
		embedOrigins: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
		index('units_parent_idx').on(t.parentId),
		check('units_member_count_nonneg', sql`${t.memberCount} >= 0`)
	]
);

export type Unit = typeof units.$inferSelect;
