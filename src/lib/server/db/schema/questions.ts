import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { questionStatuses, questionTypes } from '../../../shared/questions';
import { users } from './auth';
import { units } from './units';

export const questionType = pgEnum('question_type', questionTypes);
export const questionStatus = pgEnum('question_status', questionStatuses);

/**
 * The question bank, shared by online contests and live games. A question belongs to the unit
 * whose organizers maintain it; `correct` holds option indexes (choice types) and
 * `acceptedAnswers` the typed answers (short type). Neither may ever reach a player before the
 * question closes.
 */
export const questions = pgTable(
	'questions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** Copied from the owning unit for subtree filters. */
		unitPath: text().notNull(),
		type: questionType().notNull(),
		prompt: text().notNull(),
		promptFolded: text().notNull(),
		options: jsonb().$type<string[]>().notNull().default([]),
		correct: jsonb().$type<number[]>().notNull().default([]),
		acceptedAnswers: jsonb().$type<string[]>().notNull().default([]),
		/** Short answers: "Ha Noi" also counts for "Hà Nội". */
		ignoreDiacritics: boolean().notNull().default(false),
		topic: text().notNull(),
		topicFolded: text().notNull(),
		/** 1 easy, 2 medium, 3 hard. */
		difficulty: integer().notNull(),
		explanation: text().notNull().default(''),
		/** The source document the content board checked the question against. */
		source: text().notNull().default(''),
		status: questionStatus().notNull().default('draft'),
		approvedById: integer().references(() => users.id),
		approvedAt: timestamp({ withTimezone: true }),
		/** Set when a round that may draw this question opens: from then on it cannot change. */
		lockedAt: timestamp({ withTimezone: true }),
		createdById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('questions_unit_path_idx').using('btree', sql`${t.unitPath} text_pattern_ops`),
		index('questions_topic_idx').on(t.topicFolded, t.difficulty, t.status),
		check('questions_difficulty_range', sql`${t.difficulty} between 1 and 3`)
	]
);

export type Question = typeof questions.$inferSelect;
