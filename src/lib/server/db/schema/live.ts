import { sql } from 'drizzle-orm';
import {
	boolean,
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
import { liveModes, livePlayerStatuses, liveRescueKinds, liveStates } from '../../../shared/live';
import { users } from './auth';
import { questions } from './questions';
import { units } from './units';

export const liveState = pgEnum('live_state', liveStates);
export const livePlayerStatus = pgEnum('live_player_status', livePlayerStatuses);
export const liveMode = pgEnum('live_mode', liveModes);
export const liveRescueKind = pgEnum('live_rescue_kind', liveRescueKinds);

/**
 * A live "Rung chuông vàng" game. All of its state lives here so any app node can serve it,
 * and a restarted node re-arms the close timer from `deadlineAt`.
 */
export const liveGames = pgTable(
	'live_games',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		code: text().notNull(),
		title: text().notNull(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		unitPath: text().notNull(),
		state: liveState().notNull().default('lobby'),
		mode: liveMode().notNull().default('phones'),
		lobbyLocked: boolean().notNull().default(false),
		/** 0-based position of the current question; -1 before the first opens. */
		currentIndex: integer().notNull().default(-1),
		deadlineAt: timestamp({ withTimezone: true, precision: 3 }),
		/** While paused: what was left of the question's time. */
		remainingMs: integer(),
		/** Rescue: available when at most `rescueWhenAtMost` stand, at most `rescueMaxUses` times. */
		rescueWhenAtMost: integer().notNull().default(3),
		rescueMaxUses: integer().notNull().default(1),
		rescuesUsed: integer().notNull().default(0),
		/** The golden-bell question: a fixed 0-based position, or when at most N stand. */
		goldenBellIndex: integer(),
		goldenBellWhenAtMost: integer(),
		/** Bumped by every change so screens can ignore stale snapshots. */
		version: integer().notNull().default(0),
		createdById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		startedAt: timestamp({ withTimezone: true }),
		endedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex('live_games_code_idx').on(t.code),
		index('live_games_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
		index('live_games_state_idx').on(t.state)
	]
);

/**
 * The ordered questions of a game, each with its own time. Rescue questions are set aside:
 * they follow the main questions' positions and are opened only by a rescue.
 */
export const liveGameQuestions = pgTable(
	'live_game_questions',
	{
		gameId: integer()
			.notNull()
			.references(() => liveGames.id),
		position: integer().notNull(),
		questionId: integer()
			.notNull()
			.references(() => questions.id),
		seconds: integer().notNull(),
		golden: boolean().notNull().default(false),
		rescue: boolean().notNull().default(false),
		/**
		 * The order the options are shown in, as bank indexes, drawn when the game is made: the
		 * screen, the phones and the answers use positions in it. Null (older games): the bank's.
		 */
		optionOrder: jsonb().$type<number[]>(),
		openedAt: timestamp({ withTimezone: true, precision: 3 }),
		closedAt: timestamp({ withTimezone: true, precision: 3 })
	},
	(t) => [primaryKey({ columns: [t.gameId, t.position] })]
);

/** A player: a signed-in member or a guest, both identified by a secret token (stored hashed). */
export const livePlayers = pgTable(
	'live_players',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		gameId: integer()
			.notNull()
			.references(() => liveGames.id),
		userId: integer().references(() => users.id),
		tokenHash: text().notNull(),
		displayName: text().notNull(),
		unitName: text().notNull().default(''),
		/** Số báo danh, given in order of joining. */
		seat: integer().notNull(),
		status: livePlayerStatus().notNull().default('active'),
		/** The position of the question at which the player fell (latest fall). */
		eliminatedAt: integer(),
		joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('live_players_token_idx').on(t.tokenHash),
		uniqueIndex('live_players_seat_idx').on(t.gameId, t.seat),
		uniqueIndex('live_players_user_idx')
			.on(t.gameId, t.userId)
			.where(sql`${t.userId} is not null`)
	]
);

/** The first answer of a player to a question; the primary key refuses any second one. */
export const liveAnswers = pgTable(
	'live_answers',
	{
		gameId: integer()
			.notNull()
			.references(() => liveGames.id),
		position: integer().notNull(),
		playerId: integer()
			.notNull()
			.references(() => livePlayers.id),
		answer: jsonb().$type<number[] | string>().notNull(),
		correct: boolean(),
		receivedAt: timestamp({ withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [primaryKey({ columns: [t.playerId, t.position] }), index().on(t.gameId, t.position)]
);

/**
 * Each rescue called: when, and either from which question the fallen came back ('since') or
 * which rescue question brought back those who answered it right ('question').
 */
export const liveRescues = pgTable('live_rescues', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	gameId: integer()
		.notNull()
		.references(() => liveGames.id),
	kind: liveRescueKind().notNull().default('since'),
	atIndex: integer().notNull(),
	sinceIndex: integer(),
	questionPosition: integer(),
	restored: integer().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/**
 * Every fall, kept: a rescue clears the player's `eliminatedAt`, so without this history the
 * statistics would forget who fell at a question and was brought back.
 */
export const liveFalls = pgTable(
	'live_falls',
	{
		gameId: integer()
			.notNull()
			.references(() => liveGames.id),
		playerId: integer()
			.notNull()
			.references(() => livePlayers.id),
		/** The position of the question at which the player fell. */
		position: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.playerId, t.position] }), index().on(t.gameId, t.position)]
);

export type LiveGame = typeof liveGames.$inferSelect;
export type LiveGameQuestion = typeof liveGameQuestions.$inferSelect;
export type LivePlayer = typeof livePlayers.$inferSelect;
export type LiveAnswer = typeof liveAnswers.$inferSelect;
