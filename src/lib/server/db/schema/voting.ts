import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	foreignKey,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { campaigns, nominations } from './campaigns';
import { units } from './units';

export const pollAudiences = ['accounts', 'anyone'] as const;
export const pollResultVisibilities = ['live', 'after_close', 'organizers'] as const;
export const pollAudience = pgEnum('poll_audience', pollAudiences);
export const pollResultVisibility = pgEnum('poll_result_visibility', pollResultVisibilities);

/**
 * A public poll. `maxChoices` and `dailyVoting` are copied onto every ballot through a composite
 * foreign key, so the database itself bounds a ballot's choices and its period, and refuses to
 * change either once a ballot exists.
 */
export const polls = pgTable(
	'polls',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** A campaign's shortlist poll; a campaign with a poll cannot be deleted under it. */
		campaignId: integer().references(() => campaigns.id, { onDelete: 'restrict' }),
		title: text().notNull(),
		description: text().notNull().default(''),
		opensAt: timestamp({ withTimezone: true }).notNull(),
		closesAt: timestamp({ withTimezone: true }).notNull(),
		maxChoices: smallint().notNull().default(1),
		dailyVoting: boolean().notNull().default(false),
		audience: pollAudience().notNull().default('accounts'),
		resultsVisibility: pollResultVisibility().notNull().default('after_close'),
		/** Accepted ballots per address per day (anonymous polls); null: no limit. */
		addressDailyLimit: integer(),
		/** Accounts-only polls: accounts younger than this many hours cannot vote; null: any age. */
		minAccountAgeHours: integer(),
		/** Accounts-only polls: only accounts whose e-mail address is verified may vote. */
		requireVerifiedEmail: boolean().notNull().default(false),
		/** Ballots below which results read as provisional (one vote must not swing a ranking). */
		minVotes: integer(),
		createdBy: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('polls_rules_key').on(t.id, t.maxChoices, t.dailyVoting),
		index('polls_unit_idx').on(t.unitId),
		index('polls_campaign_idx').on(t.campaignId),
		check('polls_window', sql`${t.closesAt} > ${t.opensAt}`),
		check('polls_max_choices', sql`${t.maxChoices} between 1 and 50`),
		check('polls_address_limit', sql`${t.addressDailyLimit} is null or ${t.addressDailyLimit} > 0`),
		check('polls_min_votes', sql`${t.minVotes} is null or ${t.minVotes} > 0`),
		check(
			'polls_min_account_age',
			sql`${t.minAccountAgeHours} is null or (${t.minAccountAgeHours} > 0 and ${t.audience} = 'accounts')`
		)
	]
);

export const pollOptions = pgTable(
	'poll_options',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		pollId: integer()
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		position: integer().notNull().default(0),
		title: text().notNull(),
		summary: text().notNull().default(''),
		photoUrl: text(),
		link: text(),
		/** The nomination this option stands for on a shortlist poll; kept while the option is. */
		nominationId: integer().references(() => nominations.id, { onDelete: 'restrict' })
	},
	(t) => [unique('poll_options_poll_key').on(t.pollId, t.id)]
);

/**
 * One row per voter per period: `(poll, voter, period)` is unique, so a voter casts one ballot
 * per period however many requests arrive at once. `period` is the Vietnamese calendar day for
 * polls that allow a vote each day, else "all".
 */
export const pollBallots = pgTable(
	'poll_ballots',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		pollId: integer().notNull(),
		maxChoices: smallint().notNull(),
		dailyVoting: boolean().notNull(),
		voterKey: text().notNull(),
		period: text().notNull(),
		trackingCode: text().notNull(),
		userId: integer().references(() => users.id),
		/** HMAC of the client address: bursts are visible without storing the address. */
		addressHash: text(),
		castAt: timestamp({ withTimezone: true }).notNull(),
		voidedAt: timestamp({ withTimezone: true }),
		voidReason: text(),
		voidedBy: integer().references(() => users.id)
	},
	(t) => [
		foreignKey({
			name: 'poll_ballots_rules_fk',
			columns: [t.pollId, t.maxChoices, t.dailyVoting],
			foreignColumns: [polls.id, polls.maxChoices, polls.dailyVoting]
		}),
		uniqueIndex('poll_ballots_voter_period_key').on(t.pollId, t.voterKey, t.period),
		uniqueIndex('poll_ballots_tracking_key').on(t.trackingCode),
		unique('poll_ballots_limits_key').on(t.id, t.pollId, t.maxChoices),
		index('poll_ballots_poll_cast_idx').on(t.pollId, t.castAt),
		check(
			'poll_ballots_period',
			sql`(${t.dailyVoting} and ${t.period} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') or (not ${t.dailyVoting} and ${t.period} = 'all')`
		),
		check('poll_ballots_void_reason', sql`(${t.voidedAt} is null) = (${t.voidReason} is null)`)
	]
);

/**
 * The options a ballot chose. `slot` runs 1..maxChoices (a check against the ballot's copy of
 * the poll's K) and is unique per ballot, so no ballot holds more than K votes; an option is
 * chosen at most once per ballot and must belong to the ballot's poll.
 */
export const pollVotes = pgTable(
	'poll_votes',
	{
		ballotId: bigint({ mode: 'number' }).notNull(),
		pollId: integer().notNull(),
		maxChoices: smallint().notNull(),
		slot: smallint().notNull(),
		optionId: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.ballotId, t.slot] }),
		uniqueIndex('poll_votes_ballot_option_key').on(t.ballotId, t.optionId),
		foreignKey({
			name: 'poll_votes_ballot_fk',
			columns: [t.ballotId, t.pollId, t.maxChoices],
			foreignColumns: [pollBallots.id, pollBallots.pollId, pollBallots.maxChoices]
		}).onDelete('cascade'),
		foreignKey({
			name: 'poll_votes_option_fk',
			columns: [t.pollId, t.optionId],
			foreignColumns: [pollOptions.pollId, pollOptions.id]
		}),
		index('poll_votes_poll_option_idx').on(t.pollId, t.optionId),
		check('poll_votes_slot', sql`${t.slot} between 1 and ${t.maxChoices}`)
	]
);

/** Accepted ballots per address and day: the row is the limit's counter, updated under its lock. */
export const pollAddressCounts = pgTable(
	'poll_address_counts',
	{
		pollId: integer()
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		addressHash: text().notNull(),
		day: text().notNull(),
		ballots: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.pollId, t.addressHash, t.day] })]
);

export type Poll = typeof polls.$inferSelect;
export type PollOption = typeof pollOptions.$inferSelect;
export type PollBallot = typeof pollBallots.$inferSelect;
