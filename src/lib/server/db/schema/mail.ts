import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { accountTokenPurposes, mailStatuses } from '../../../shared/mail';
import { users } from './auth';

export const mailStatus = pgEnum('mail_status', mailStatuses);
export const accountTokenPurpose = pgEnum('account_token_purpose', accountTokenPurposes);

/**
 * The outbox: every e-mail is a row written in the transaction of the change that causes it, and
 * a sender delivers it after commit. A sender claims rows (`sending`, with a lease) under
 * `for update skip locked`, so two nodes never hold the same message; a lease that runs out
 * (the node died) puts it back in play. `data` is what the template needs; the body is rendered
 * at sending, and kept as sent (secret links masked) for the administrators' outbox page.
 */
export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		kind: text().notNull(),
		toAddress: text().notNull(),
		userId: integer().references(() => users.id, { onDelete: 'set null' }),
		data: jsonb().$type<Record<string, unknown>>().notNull(),
		/** Pending messages with the same key merge their items: a digest, not a flood. */
		digestKey: text(),
		status: mailStatus().notNull().default('pending'),
		attempts: integer().notNull().default(0),
		/** Not sent before this time: a digest's gathering window, or a retry's backoff. */
		notBefore: timestamp({ withTimezone: true }).notNull(),
		claimedUntil: timestamp({ withTimezone: true }),
		/** Our Message-ID: the same on every attempt, so a receiving server can spot a repeat. */
		messageId: text().notNull().unique(),
		subject: text(),
		text: text(),
		html: text(),
		/** The mail server's reply to the last attempt, or why it failed. */
		reply: text(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		sentAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('mail_outbox_due_idx').on(t.status, t.notBefore),
		index('mail_outbox_created_idx').on(t.createdAt),
		uniqueIndex('mail_outbox_digest_idx')
			.on(t.digestKey)
			.where(sql`${t.status} = 'pending'`)
	]
);

/**
 * Single-use links for setting a password (invitation, reset) and proving an address. Only the
 * SHA-256 of the token is kept; the token itself exists in the e-mail alone.
 */
export const accountTokens = pgTable(
	'account_tokens',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: accountTokenPurpose().notNull(),
		tokenHash: text().notNull().unique(),
		/** The address the link was sent to: a verification proves this one, not a later one. */
		address: text().notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('account_tokens_user_idx').on(t.userId, t.purpose)]
);

/** Topics an address turned off (by its account's settings or a message's opt-out link). */
export const mailOptOuts = pgTable(
	'mail_opt_outs',
	{
		/** Lower-cased: the same person whatever the case of the address a message used. */
		address: text().notNull(),
		topic: text().notNull(),
		at: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.address, t.topic] })]
);

export type OutboxRow = typeof mailOutbox.$inferSelect;
