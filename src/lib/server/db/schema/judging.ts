import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	doublePrecision,
	index,
	integer,
	numeric,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { assignmentModes, assignmentStatuses, panelStatuses } from '../../../shared/judging';
import { users } from './auth';
import { campaignCategories, campaigns, nominations } from './campaigns';

export const panelStatus = pgEnum('panel_status', panelStatuses);
export const assignmentMode = pgEnum('assignment_mode', assignmentModes);
export const assignmentStatus = pgEnum('assignment_status', assignmentStatuses);

/** The judging panel (hội đồng) of a campaign and the rules of its scoring round. */
export const panels = pgTable(
	'panels',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		campaignId: integer()
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		status: panelStatus().notNull().default('setup'),
		assignmentMode: assignmentMode().notNull().default('all'),
		judgesPerDossier: integer(),
		/** After submitting, a judge may see the other judges' submitted scores. */
		revealAfterSubmit: boolean().notNull().default(false),
		normalize: boolean().notNull().default(false),
		/** Flag a dossier when its judges' totals differ by more than this many points. */
		spreadThreshold: doublePrecision(),
		/** In the final ranking, the panel's share in percent; the public vote has the rest. */
		juryWeight: integer().notNull().default(70),
		/** Set when conflicts kept judges' loads from staying within one of each other. */
		assignmentNote: text(),
		openedAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		/** When the judges still behind were told the round closes soon (told once). */
		closingWarnedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('panels_campaign_idx').on(t.campaignId),
		check('panels_jury_weight', sql`${t.juryWeight} between 0 and 100`),
		check('panels_k_positive', sql`${t.judgesPerDossier} is null or ${t.judgesPerDossier} > 0`)
	]
);

/** One criterion of the rubric of a category: scored 0..maxScore, counted × weight. */
export const rubricCriteria = pgTable(
	'rubric_criteria',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		panelId: integer()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		categoryId: integer()
			.notNull()
			.references(() => campaignCategories.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		description: text().notNull().default(''),
		maxScore: integer().notNull(),
		weight: doublePrecision().notNull().default(1),
		position: integer().notNull().default(0)
	},
	(t) => [
		index('rubric_criteria_panel_idx').on(t.panelId, t.categoryId),
		check('rubric_criteria_max_positive', sql`${t.maxScore} > 0`),
		check('rubric_criteria_weight_positive', sql`${t.weight} > 0`)
	]
);

export const panelJudges = pgTable(
	'panel_judges',
	{
		panelId: integer()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	// The navigation asks, on every page, whether the signed-in person sits on any panel.
	(t) => [
		primaryKey({ columns: [t.panelId, t.userId] }),
		index('panel_judges_user_idx').on(t.userId)
	]
);

/** A dossier given to a judge; a declared conflict keeps the row (for the record) as 'conflict'. */
export const judgeAssignments = pgTable(
	'judge_assignments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		panelId: integer()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		nominationId: integer()
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		judgeId: integer()
			.notNull()
			.references(() => users.id),
		status: assignmentStatus().notNull().default('assigned'),
		conflictReason: text(),
		submittedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('judge_assignments_unique_idx').on(t.panelId, t.nominationId, t.judgeId),
		index('judge_assignments_judge_idx').on(t.judgeId)
	]
);

export const judgeScores = pgTable(
	'judge_scores',
	{
		assignmentId: integer()
			.notNull()
			.references(() => judgeAssignments.id, { onDelete: 'cascade' }),
		criterionId: integer()
			.notNull()
			.references(() => rubricCriteria.id, { onDelete: 'cascade' }),
		score: numeric({ precision: 6, scale: 2, mode: 'number' }).notNull(),
		comment: text().notNull().default('')
	},
	(t) => [
		primaryKey({ columns: [t.assignmentId, t.criterionId] }),
		check('judge_scores_non_negative', sql`${t.score} >= 0`)
	]
);

/** The dossiers the organizer put on the shortlist after closing the round. */
export const shortlistEntries = pgTable(
	'shortlist_entries',
	{
		panelId: integer()
			.notNull()
			.references(() => panels.id, { onDelete: 'cascade' }),
		nominationId: integer()
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		rank: integer().notNull(),
		score: doublePrecision().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.panelId, t.nominationId] })]
);

export type Panel = typeof panels.$inferSelect;
export type RubricCriterion = typeof rubricCriteria.$inferSelect;
