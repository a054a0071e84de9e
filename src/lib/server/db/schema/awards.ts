import { sql } from 'drizzle-orm';
import {
	date,
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
import { awardKinds, awardSources, recipientTypes } from '../../../shared/awards';
import { users } from './auth';
import { nominations, campaigns } from './campaigns';
import { contestPlayers, contestRounds } from './contests';
import { liveGames } from './live';
import { units } from './units';

export const awardKind = pgEnum('award_kind', awardKinds);
export const awardSource = pgEnum('award_source', awardSources);
export const recipientType = pgEnum('recipient_type', recipientTypes);

/**
 * An award decision ("125-QĐ/BTGTU"), issued by a unit for its subtree. Its number is unique
 * per issuing unit, as in the unit's own register of documents.
 */
export const awardDecisions = pgTable(
	'award_decisions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		number: text().notNull(),
		decidedOn: date({ mode: 'string' }).notNull(),
		year: integer().notNull(),
		issuer: text().notNull(),
		signer: text().notNull(),
		signerTitle: text().notNull().default(''),
		citation: text().notNull().default(''),
		field: text(),
		source: awardSource().notNull(),
		campaignId: integer().references(() => campaigns.id),
		roundId: integer().references(() => contestRounds.id),
		gameId: integer().references(() => liveGames.id),
		createdById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		uniqueIndex('award_decisions_number_idx').on(t.unitId, sql`lower(normalize(${t.number}, NFC))`),
		index('award_decisions_year_idx').on(t.year)
	]
);

/**
 * One recipient of a decision: a dossier, a contest player, or a person or collective entered
 * by hand. Revoking keeps the row (and its certificate code) with the reason.
 */
export const awardRecipients = pgTable(
	'award_recipients',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		decisionId: integer()
			.notNull()
			.references(() => awardDecisions.id, { onDelete: 'cascade' }),
		kind: awardKind().notNull(),
		customKind: text(),
		type: recipientType().notNull(),
		name: text().notNull(),
		nameFolded: text().notNull(),
		unitId: integer().references(() => units.id),
		unitName: text().notNull(),
		position: text().notNull().default(''),
		achievement: text().notNull().default(''),
		/** The recipient's own field (its campaign category's); the decision's field, when set, wins. */
		field: text(),
		nominationId: integer().references(() => nominations.id),
		playerId: integer().references(() => contestPlayers.id),
		/** Where the recipient is told of the award, when an address is known. */
		email: text(),
		certificateCode: text().notNull().unique(),
		slug: text().notNull().unique(),
		rank: integer().notNull().default(0),
		revokedAt: timestamp({ withTimezone: true }),
		revokedReason: text(),
		revokedById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		index('award_recipients_decision_idx').on(t.decisionId),
		index('award_recipients_unit_idx').on(t.unitId),
		index('award_recipients_name_idx').on(t.nameFolded)
	]
);

/** Every correction and revocation, with the values before and after and why. */
export const awardEvents = pgTable(
	'award_events',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		decisionId: integer()
			.notNull()
			.references(() => awardDecisions.id, { onDelete: 'cascade' }),
		recipientId: integer().references(() => awardRecipients.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true }).notNull(),
		actorId: integer().references(() => users.id),
		action: text().notNull(),
		before: jsonb(),
		after: jsonb(),
		reason: text()
	},
	(t) => [index('award_events_decision_idx').on(t.decisionId)]
);

/**
 * How an issuing unit's certificates are signed off: the place in the place-and-date line and
 * the authority line above the signer. Null means the default (see awards/rules).
 */
export const awardUnitSettings = pgTable('award_unit_settings', {
	unitId: integer()
		.primaryKey()
		.references(() => units.id),
	placeName: text(),
	authorityLine: text(),
	updatedById: integer().references(() => users.id),
	updatedAt: timestamp({ withTimezone: true }).notNull()
});

/**
 * How often a certificate was checked, per day in Vietnam: the year-end report counts
 * "lượt xác minh" without keeping who checked (a count, not a log of addresses).
 */
export const awardVerifications = pgTable(
	'award_verifications',
	{
		recipientId: integer()
			.notNull()
			.references(() => awardRecipients.id, { onDelete: 'cascade' }),
		day: date({ mode: 'string' }).notNull(),
		checks: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.recipientId, t.day] })]
);

export type AwardDecision = typeof awardDecisions.$inferSelect;
export type AwardRecipient = typeof awardRecipients.$inferSelect;
