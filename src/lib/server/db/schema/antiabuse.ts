import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

// Shared by every form the public sends without an account (anonymous votes, guest
// registrations); the table names are those of the voting area, where they began.

/**
 * Proof-of-work challenges already spent: a replay hits the primary key. The purge of expired
 * ones finds them by `expires_at` without reading the whole table.
 */
export const powUsed = pgTable(
	'pow_used',
	{
		signature: text().primaryKey(),
		expiresAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('pow_used_expires_idx').on(t.expiresAt)]
);

/** The HMAC key of this installation's challenges and address hashes, shared by every node. */
export const votingSecret = pgTable(
	'voting_secret',
	{
		id: smallint().primaryKey().default(1),
		key: text().notNull()
	},
	(t) => [check('voting_secret_single', sql`${t.id} = 1`)]
);
