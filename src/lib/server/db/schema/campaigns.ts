import { sql } from 'drizzle-orm';
import {
	check,
	customType,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import {
	categoryKinds,
	nominationStatuses,
	phaseKinds,
	type Achievement,
	type Nominee
} from '../../../shared/campaigns';
import { DEFAULT_RETENTION_MONTHS } from '../../../shared/privacy';
import { users } from './auth';
import { units } from './units';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres.js wants a Buffer; PGlite takes any Uint8Array and returns one.
	toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
	fromDriver: (value) => new Uint8Array(value)
});

export const campaignStatus = pgEnum('campaign_status', ['draft', 'published', 'closed']);
export const categoryKind = pgEnum('category_kind', categoryKinds);
export const phaseKind = pgEnum('phase_kind', phaseKinds);
export const nominationStatus = pgEnum('nomination_status', nominationStatuses);

/** A recognition campaign, organised by one unit for its subtree. */
export const campaigns = pgTable(
	'campaigns',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		organizingUnitId: integer()
			.notNull()
			.references(() => units.id),
		title: text().notNull(),
		description: text().notNull().default(''),
		year: integer().notNull(),
		status: campaignStatus().notNull().default('draft'),
		publishedAt: timestamp({ withTimezone: true }),
		/**
		 * Months after the campaign's last phase ends that nominees' contact data (e-mail) is kept;
		 * the retention job erases it then. Dossiers, decisions and the honour roll keep names and units.
		 */
		retentionMonths: integer().notNull().default(DEFAULT_RETENTION_MONTHS),
		personalDataErasedAt: timestamp({ withTimezone: true }),
		createdById: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('campaigns_unit_idx').on(t.organizingUnitId),
		check('campaigns_retention_months', sql`${t.retentionMonths} between 1 and 120`)
	]
);

/** What can be nominated (individual, collective, work), with each unit's quota. */
export const campaignCategories = pgTable(
	'campaign_categories',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		campaignId: integer()
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		kind: categoryKind().notNull(),
		name: text().notNull(),
		field: text(),
		quotaPerUnit: integer().notNull(),
		position: integer().notNull().default(0)
	},
	(t) => [
		index('campaign_categories_campaign_idx').on(t.campaignId),
		check('campaign_categories_quota_positive', sql`${t.quotaPerUnit} > 0`)
	]
);

/**
 * A unit's own quota in a category ("phân bổ chỉ tiêu"), in place of the category's quota: how
 * many dossiers it may send up, as nominator or when forwarding. Zero: none from that unit.
 */
export const campaignUnitQuotas = pgTable(
	'campaign_unit_quotas',
	{
		categoryId: integer()
			.notNull()
			.references(() => campaignCategories.id, { onDelete: 'cascade' }),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		places: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.categoryId, t.unitId] }),
		check('campaign_unit_quotas_places', sql`${t.places} >= 0`)
	]
);

export const campaignPhases = pgTable(
	'campaign_phases',
	{
		campaignId: integer()
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		kind: phaseKind().notNull(),
		startsAt: timestamp({ withTimezone: true }).notNull(),
		endsAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.campaignId, t.kind] }),
		check('campaign_phases_order', sql`${t.startsAt} < ${t.endsAt}`)
	]
);

/**
 * A dossier. It climbs the unit tree: `levelUnitId` is the unit screening it now and
 * `forwardedBy` the units that passed it upward, so each level sees only what reached it.
 */
export const nominations = pgTable(
	'nominations',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		campaignId: integer()
			.notNull()
			.references(() => campaigns.id, { onDelete: 'cascade' }),
		categoryId: integer()
			.notNull()
			.references(() => campaignCategories.id),
		nominatingUnitId: integer()
			.notNull()
			.references(() => units.id),
		levelUnitId: integer().references(() => units.id),
		forwardedBy: integer()
			.array()
			.notNull()
			.default(sql`'{}'::integer[]`),
		status: nominationStatus().notNull().default('draft'),
		nominee: jsonb().$type<Nominee>().notNull(),
		nomineeName: text().notNull(),
		nomineeNameFolded: text().notNull(),
		summary: text().notNull().default(''),
		narrative: text().notNull().default(''),
		achievements: jsonb().$type<Achievement[]>().notNull().default([]),
		createdById: integer().references(() => users.id),
		submittedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('nominations_campaign_idx').on(t.campaignId, t.status),
		index('nominations_unit_idx').on(t.nominatingUnitId),
		index('nominations_level_idx').on(t.levelUnitId)
	]
);

/** Every change of a dossier's status or level, with who and why. */
export const nominationEvents = pgTable(
	'nomination_events',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		nominationId: integer()
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true }).notNull(),
		actorId: integer().references(() => users.id),
		action: text().notNull(),
		fromStatus: nominationStatus(),
		toStatus: nominationStatus().notNull(),
		levelUnitId: integer().references(() => units.id),
		reason: text()
	},
	(t) => [index('nomination_events_nomination_idx').on(t.nominationId)]
);

/** Photo and evidence, kept in the database so any app node can serve them behind a check. */
export const nominationFiles = pgTable(
	'nomination_files',
	{
		id: text().primaryKey(),
		nominationId: integer()
			.notNull()
			.references(() => nominations.id, { onDelete: 'cascade' }),
		role: text().notNull(),
		fileName: text().notNull(),
		mimeType: text().notNull(),
		size: integer().notNull(),
		sha256: text().notNull(),
		bytes: bytea().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('nomination_files_nomination_idx').on(t.nominationId)]
);

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignCategory = typeof campaignCategories.$inferSelect;
export type CampaignPhase = typeof campaignPhases.$inferSelect;
export type Nomination = typeof nominations.$inferSelect;
