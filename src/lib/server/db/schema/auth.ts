import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { roleKinds } from '../../../shared/labels';
import { units } from './units';

export const roleKind = pgEnum('role_kind', roleKinds);

export const users = pgTable(
	'users',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		email: text().notNull(),
		fullName: text().notNull(),
		nameFolded: text().notNull(),
		phone: text(),
		unitId: integer().references(() => units.id),
		/** Null until an invited person sets a password through their invitation's link. */
		passwordHash: text(),
		/** When the person proved they read mail at this address (a link sent there). */
		emailVerifiedAt: timestamp({ withTimezone: true }),
		active: boolean().notNull().default(true),
		/** The consent given at sign-up: the statement's version (shared/privacy) and when. */
		consentVersion: text(),
		consentedAt: timestamp({ withTimezone: true }),
		/** Set when an administrator erased the account's personal data at its owner's request. */
		erasedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
		index('users_unit_idx').on(t.unitId)
	]
);

/** A role held at a unit (admin holds it with no unit). Judges are appointed per panel later. */
export const roleAssignments = pgTable(
	'role_assignments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: roleKind().notNull(),
		unitId: integer().references(() => units.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('role_assignments_unique_idx').on(t.userId, t.role, sql`coalesce(${t.unitId}, 0)`)
	]
);

/** Only the SHA-256 of the session token is stored; the cookie holds the token itself. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * Attempts charged per key, kept in the database so that every app node sees the same count:
 * failed sign-ins per account ("account:<email>"), per account and address
 * ("account-address:<email>|<address hash>") and per address ("address:<address hash>"), and
 * accounts created per address ("register:<address hash>").
 */
export const signInThrottle = pgTable(
	'sign_in_throttle',
	{
		key: text().notNull(),
		failures: integer().notNull().default(0),
		windowStartedAt: timestamp({ withTimezone: true }).notNull(),
		lockedUntil: timestamp({ withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.key] })]
);

export type User = typeof users.$inferSelect;
