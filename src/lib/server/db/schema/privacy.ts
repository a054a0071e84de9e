import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { privacyRequestKinds, privacyRequestStatuses } from '../../../shared/privacy';
import { users } from './auth';

export const privacyRequestKind = pgEnum('privacy_request_kind', privacyRequestKinds);
export const privacyRequestStatus = pgEnum('privacy_request_status', privacyRequestStatuses);

/**
 * A person's request about their personal data (Nghị định 13/2023/NĐ-CP): deletion, a copy,
 * a correction, withdrawing consent. From an account (`userId`) or, for a guest player, by the
 * phone number they registered with (every registration with it); the office verifies a guest by calling
 * that number before carrying it out. Administrators see the queue and handle each once.
 */
export const privacyRequests = pgTable(
	'privacy_requests',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		kind: privacyRequestKind().notNull(),
		userId: integer().references(() => users.id, { onDelete: 'set null' }),
		fullName: text().notNull(),
		/** A guest's registered phone: how the office finds and verifies their registrations. */
		phone: text(),
		/** Where the answer goes (an account's address, or what a guest gave). */
		email: text(),
		message: text().notNull().default(''),
		status: privacyRequestStatus().notNull().default('pending'),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		handledAt: timestamp({ withTimezone: true }),
		handledById: integer().references(() => users.id, { onDelete: 'set null' }),
		/** What handling did (counts of rows erased) or why it was refused. */
		outcome: jsonb().$type<Record<string, unknown>>()
	},
	(t) => [index('privacy_requests_status_idx').on(t.status, t.createdAt)]
);

export type PrivacyRequest = typeof privacyRequests.$inferSelect;
