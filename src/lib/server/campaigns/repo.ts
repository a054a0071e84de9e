import { and, asc, desc, eq, inArray, like, min, ne, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import {
	campaignCategories,
	campaignPhases,
	campaigns,
	campaignUnitQuotas,
	nominations,
	units
} from '../db/schema';
import { QUOTA_HOLDING } from '$lib/shared/campaigns';
import type { Phase } from './rules';

const campaignColumns = {
	id: campaigns.id,
	organizingUnitId: campaigns.organizingUnitId,
	organizingUnitName: units.name,
	organizingUnitPath: units.path,
	retentionMonths: campaigns.retentionMonths,
	personalDataErasedAt: campaigns.personalDataErasedAt,
	title: campaigns.title,
	description: campaigns.description,
	year: campaigns.year,
	status: campaigns.status,
	publishedAt: campaigns.publishedAt,
	createdAt: campaigns.createdAt
};

export async function findCampaign(db: Db, id: number) {
	const [row] = await db
		.select(campaignColumns)
		.from(campaigns)
		.innerJoin(units, eq(units.id, campaigns.organizingUnitId))
		.where(eq(campaigns.id, id));
	return row ?? null;
}
export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

/** Locks the campaign row: changes to its rules and submissions against them serialise here. */
export async function lockCampaign(db: Db, id: number) {
	await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, id)).for('update');
}

export async function listCampaigns(
	db: Db,
	options: { withinPaths: string[] | null; publishedOnly?: boolean }
) {
	const conditions: SQL[] = [];
	if (options.withinPaths) {
		const scopes = options.withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`));
		conditions.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
	}
	if (options.publishedOnly) conditions.push(ne(campaigns.status, 'draft'));
	return db
		.select(campaignColumns)
		.from(campaigns)
		.innerJoin(units, eq(units.id, campaigns.organizingUnitId))
		.where(and(...conditions))
		.orderBy(desc(campaigns.year), desc(campaigns.id));
}

/**
 * Campaigns a year-end report of a subtree speaks of: sent out (not drafts), organized within
 * the subtree or above it, with a phase that overlaps the period [start, end).
 */
export async function listCampaignsHeld(db: Db, unitPath: string, start: Date, end: Date) {
	const overlaps = sql`exists (select 1 from ${campaignPhases} p
		where p.campaign_id = ${campaigns.id} and p.starts_at < ${end.toISOString()}::timestamptz
		and p.ends_at > ${start.toISOString()}::timestamptz)`;
	return db
		.select(campaignColumns)
		.from(campaigns)
		.innerJoin(units, eq(units.id, campaigns.organizingUnitId))
		.where(
			and(
				ne(campaigns.status, 'draft'),
				or(
					like(units.path, `${escapeLike(unitPath)}%`),
					sql`${unitPath} like ${units.path} || '%'`
				),
				overlaps
			)
		)
		.orderBy(asc(units.depth), asc(campaigns.id));
}

/** Published campaigns whose organizing unit is this unit or above it (its ancestors). */
export async function listCampaignsAbove(db: Db, unitPath: string) {
	return db
		.select(campaignColumns)
		.from(campaigns)
		.innerJoin(units, eq(units.id, campaigns.organizingUnitId))
		.where(and(eq(campaigns.status, 'published'), sql`${unitPath} like ${units.path} || '%'`))
		.orderBy(desc(campaigns.id));
}

export async function insertCampaign(
	db: Db,
	values: {
		organizingUnitId: number;
		title: string;
		description: string;
		year: number;
		retentionMonths?: number;
		createdById: number;
	}
) {
	const [row] = await db.insert(campaigns).values(values).returning({ id: campaigns.id });
	return row!.id;
}

export async function updateCampaignFields(
	db: Db,
	id: number,
	values: Partial<{
		organizingUnitId: number;
		title: string;
		description: string;
		year: number;
		retentionMonths: number;
		status: 'draft' | 'published' | 'closed';
		publishedAt: Date;
	}>,
	now: Date
) {
	await db
		.update(campaigns)
		.set({ ...values, updatedAt: now })
		.where(eq(campaigns.id, id));
}

export async function listCategories(db: Db, campaignIds: number[]) {
	if (campaignIds.length === 0) return [];
	return db
		.select()
		.from(campaignCategories)
		.where(inArray(campaignCategories.campaignId, campaignIds))
		.orderBy(asc(campaignCategories.position), asc(campaignCategories.id));
}

export async function findCategory(db: Db, campaignId: number, categoryId: number) {
	const [row] = await db
		.select()
		.from(campaignCategories)
		.where(
			and(eq(campaignCategories.id, categoryId), eq(campaignCategories.campaignId, campaignId))
		);
	return row ?? null;
}

export async function insertCategory(
	db: Db,
	campaignId: number,
	values: {
		kind: 'individual' | 'collective' | 'work';
		name: string;
		field: string | null;
		quotaPerUnit: number;
	}
) {
	const [row] = await db
		.insert(campaignCategories)
		.values({
			campaignId,
			...values,
			position: sql`(select coalesce(max(position), 0) + 1 from campaign_categories where campaign_id = ${campaignId})`
		})
		.returning({ id: campaignCategories.id });
	return row!.id;
}

export async function updateCategory(
	db: Db,
	categoryId: number,
	values: {
		kind: 'individual' | 'collective' | 'work';
		name: string;
		field: string | null;
		quotaPerUnit: number;
	}
) {
	await db.update(campaignCategories).set(values).where(eq(campaignCategories.id, categoryId));
}

export async function deleteCategory(db: Db, categoryId: number) {
	await db.delete(campaignCategories).where(eq(campaignCategories.id, categoryId));
}

/** How many dossiers a category has, and the most any one unit holds in its quota. */
export async function categoryUsage(db: Db, categoryId: number) {
	const [row] = await db.select({ highestUnitUse: sql<number>`coalesce(max(n), 0)::int` }).from(
		db
			.select({
				n: sql<number>`count(*) filter (where ${inArray(nominations.status, QUOTA_HOLDING)})`.as(
					'n'
				)
			})
			.from(nominations)
			.where(
				and(
					eq(nominations.categoryId, categoryId),
					// A unit with a quota of its own is not held to the category's.
					sql`not exists (select 1 from ${campaignUnitQuotas} where ${campaignUnitQuotas.categoryId} = ${categoryId} and ${campaignUnitQuotas.unitId} = ${nominations.nominatingUnitId})`
				)
			)
			.groupBy(nominations.nominatingUnitId)
			.as('per_unit')
	);
	const [all] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(nominations)
		.where(eq(nominations.categoryId, categoryId));
	return { dossiers: all?.n ?? 0, highestUnitUse: row?.highestUnitUse ?? 0 };
}

export async function listPhases(db: Db, campaignIds: number[]) {
	if (campaignIds.length === 0) return [];
	return db
		.select()
		.from(campaignPhases)
		.where(inArray(campaignPhases.campaignId, campaignIds))
		.orderBy(asc(campaignPhases.startsAt));
}

export async function replacePhases(db: Db, campaignId: number, phases: Phase[]) {
	await db.delete(campaignPhases).where(eq(campaignPhases.campaignId, campaignId));
	if (phases.length)
		await db.insert(campaignPhases).values(phases.map((p) => ({ campaignId, ...p })));
}

/** The first moment a dossier of this campaign was sent, if any. */
export async function firstSubmission(db: Db, campaignId: number): Promise<Date | null> {
	const [row] = await db
		.select({ at: min(nominations.submittedAt) })
		.from(nominations)
		.where(eq(nominations.campaignId, campaignId));
	return row?.at ?? null;
}
