import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
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
import {
	DEFAULT_GUEST_HOURLY_LIMIT,
	contestScopes,
	predictionKinds,
	tieBreakKeys
} from '../../../shared/contests';
import { DEFAULT_RETENTION_MONTHS } from '../../../shared/privacy';
import { users } from './auth';
import { questions } from './questions';
import { units } from './units';

export const contestScope = pgEnum('contest_scope', contestScopes);
export const predictionKind = pgEnum('prediction_kind', predictionKinds);

/** An online contest run by the organizers of `unitId`; scope "members" admits that subtree. */
export const contests = pgTable(
	'contests',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		unitPath: text().notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		scope: contestScope().notNull(),
		predictionKind: predictionKind().notNull(),
		tieBreaks: jsonb().$type<(typeof tieBreakKeys)[number][]>().notNull(),
		/** Registrations without an account accepted per client address and hour (public scope). */
		guestHourlyLimit: integer().notNull().default(DEFAULT_GUEST_HOURLY_LIMIT),
		/**
		 * A copy from last year starts as a draft: hidden from the public, closed to registration,
		 * its rounds unopenable, until the organizer publishes it. Contests created directly are
		 * public from the start (as all contests before drafts existed).
		 */
		draft: boolean().notNull().default(false),
		/**
		 * Months after the last round closes that players' phone and ID numbers (and other contact
		 * data) are kept; the retention job erases them then (privacy area, docs/privacy.md).
		 */
		retentionMonths: integer().notNull().default(DEFAULT_RETENTION_MONTHS),
		/** When the retention job erased the players' contact data; null while it is kept. */
		personalDataErasedAt: timestamp({ withTimezone: true }),
		createdById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('contests_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
		check('contests_guest_hourly_limit', sql`${t.guestHourlyLimit} > 0`),
		check('contests_retention_months', sql`${t.retentionMonths} between 1 and 120`)
	]
);

export interface PrizeTier {
	label: string;
	count: number;
}

/** A round (tuần thi): its window, what each attempt draws, and its limits. */
export const contestRounds = pgTable(
	'contest_rounds',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id),
		number: integer().notNull(),
		title: text().notNull(),
		opensAt: timestamp({ withTimezone: true }).notNull(),
		closesAt: timestamp({ withTimezone: true }).notNull(),
		questionCount: integer().notNull(),
		timeLimitSeconds: integer().notNull(),
		attemptsAllowed: integer().notNull(),
		topics: jsonb().$type<string[]>().notNull(),
		difficulties: jsonb().$type<number[]>().notNull(),
		predictionQuestion: text().notNull(),
		prizeTiers: jsonb().$type<PrizeTier[]>().notNull().default([]),
		/** Set when the organizer opens the round: the pool is fixed and its questions locked. */
		lockedAt: timestamp({ withTimezone: true }),
		winnersPublishedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('contest_rounds_number_idx').on(t.contestId, t.number),
		check('contest_rounds_window', sql`${t.closesAt} > ${t.opensAt}`),
		check('contest_rounds_counts', sql`${t.questionCount} > 0 and ${t.attemptsAllowed} > 0`)
	]
);

/** The questions a round may draw, fixed when it opens. */
export const roundPool = pgTable(
	'round_pool',
	{
		roundId: integer()
			.notNull()
			.references(() => contestRounds.id),
		questionId: integer()
			.notNull()
			.references(() => questions.id)
	},
	(t) => [primaryKey({ columns: [t.roundId, t.questionId] })]
);

/** A registration: ties a person to a unit of the tree for one contest. */
export const contestPlayers = pgTable(
	'contest_players',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id),
		userId: integer().references(() => users.id),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** Copied at registration so reports roll up by prefix. */
		unitPath: text().notNull(),
		fullName: text().notNull(),
		/** Required at registration; null once erased after the contest's retention period. */
		phone: text(),
		/** Optional for players of a public contest; unique per contest when given. */
		idNumber: text(),
		birthDate: text(),
		/** A player without an account: SHA-256 of the browser's secret token (never the token). */
		guestTokenHash: text(),
		/** Set when the player asked for each round's results by e-mail, at this address. */
		resultsEmail: text(),
		/** The consent to the purpose statement: its version (shared/privacy) and when it was given. */
		consentVersion: text(),
		consentedAt: timestamp({ withTimezone: true }),
		voidedAt: timestamp({ withTimezone: true }),
		voidReason: text(),
		voidedById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('contest_players_user_idx').on(t.contestId, t.userId),
		uniqueIndex('contest_players_phone_idx').on(t.contestId, t.phone),
		uniqueIndex('contest_players_id_number_idx').on(t.contestId, t.idNumber),
		uniqueIndex('contest_players_guest_idx').on(t.contestId, t.guestTokenHash),
		index('contest_players_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`)
	]
);

/**
 * Guest registrations per contest, client address (a keyed hash) and hour: the row is the
 * limit's counter, raised under its row lock, so concurrent registrations cannot pass it together.
 */
export const contestAddressCounts = pgTable(
	'contest_address_counts',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		addressHash: text().notNull(),
		hour: timestamp({ withTimezone: true }).notNull(),
		registrations: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.contestId, t.addressHash, t.hour] })]
);

/**
 * One attempt. The server fixes its questions, their option order, the start and the deadline
 * when it starts; (round, player, attemptNo) is unique, so a start beyond the allowance fails in
 * the database even when two requests race.
 */
export const attempts = pgTable(
	'attempts',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		roundId: integer()
			.notNull()
			.references(() => contestRounds.id),
		playerId: integer()
			.notNull()
			.references(() => contestPlayers.id),
		attemptNo: integer().notNull(),
		startedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		deadline: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		questionIds: jsonb().$type<number[]>().notNull(),
		/** Per question, the original option indexes in the order the player sees them. */
		optionOrders: jsonb().$type<number[][]>().notNull(),
		prediction: integer(),
		/** Set when the attempt ends: by the player's submit, or by the server at the deadline. */
		finishedAt: timestamp({ withTimezone: true, precision: 3 }),
		timedOut: boolean().notNull().default(false),
		correctCount: integer(),
		durationMs: integer(),
		voided: boolean().notNull().default(false)
	},
	(t) => [
		uniqueIndex('attempts_round_player_no_idx').on(t.roundId, t.playerId, t.attemptNo),
		index('attempts_round_rank_idx').on(
			t.roundId,
			t.correctCount.desc(),
			t.durationMs,
			t.finishedAt
		),
		index('attempts_player_idx').on(t.playerId),
		// The server's sweep of attempts past their deadline reads only the running ones.
		index('attempts_running_idx')
			.on(t.roundId, t.deadline)
			.where(sql`${t.finishedAt} is null`)
	]
);

/** Answers saved as the player goes; one row per question, overwritten until the deadline. */
export const attemptAnswers = pgTable(
	'attempt_answers',
	{
		attemptId: bigint({ mode: 'number' })
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		questionId: integer().notNull(),
		answer: jsonb().$type<number[] | string>().notNull(),
		savedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		correct: boolean()
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.questionId] })]
);

/**
 * Each player's best finished attempt of a round (most correct, then quickest, then earliest),
 * kept up to date when an attempt ends, so leaderboards read one row per player from an index
 * instead of picking best attempts out of every attempt.
 */
export const roundEntries = pgTable(
	'round_entries',
	{
		roundId: integer()
			.notNull()
			.references(() => contestRounds.id),
		playerId: integer()
			.notNull()
			.references(() => contestPlayers.id),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		unitPath: text().notNull(),
		attemptId: bigint({ mode: 'number' }).notNull(),
		correctCount: integer().notNull(),
		prediction: integer(),
		durationMs: integer().notNull(),
		finishedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		voided: boolean().notNull().default(false)
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.playerId] }),
		// Partial, so valid entries are read (and counted) from the index alone.
		index('round_entries_rank_idx')
			.on(t.roundId, t.correctCount.desc(), t.durationMs, t.finishedAt, t.playerId)
			.where(sql`not ${t.voided}`),
		// Within one score, the organizer's second tie-break reads a range of one of these.
		index('round_entries_prediction_idx')
			.on(t.roundId, t.correctCount, t.prediction)
			.where(sql`not ${t.voided}`),
		index('round_entries_submitted_idx')
			.on(t.roundId, t.correctCount, t.finishedAt)
			.where(sql`not ${t.voided}`),
		index('round_entries_unit_idx').on(t.roundId, t.unitId)
	]
);

/**
 * How many valid entries of a round have each score, kept in the transaction that writes the
 * entry: a rank is then the sum of a few rows plus a count inside the player's own score.
 * Split into shards by database connection, so concurrent submissions (each on its own
 * connection) rarely wait on the same row; a score's count is the sum of its shards.
 */
export const roundScoreCounts = pgTable(
	'round_score_counts',
	{
		roundId: integer()
			.notNull()
			.references(() => contestRounds.id),
		correctCount: integer().notNull(),
		shard: integer().notNull(),
		n: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.correctCount, t.shard] })]
);

/** Winners an organizer published for a round; the awards area turns them into records. */
export const roundWinners = pgTable(
	'round_winners',
	{
		roundId: integer()
			.notNull()
			.references(() => contestRounds.id),
		playerId: integer()
			.notNull()
			.references(() => contestPlayers.id),
		rank: integer().notNull(),
		tier: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.playerId] })]
);

export type Contest = typeof contests.$inferSelect;
export type ContestRound = typeof contestRounds.$inferSelect;
export type ContestPlayer = typeof contestPlayers.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
