import { and, eq, inArray, sql } from 'drizzle-orm';
import { QUOTA_HOLDING } from '$lib/shared/campaigns';
import type { Db } from '../db/client';
import { campaignCategories, campaignUnitQuotas, nominations } from '../db/schema';
import { rowsOf } from '../db/sql';

/** `${categoryId}:${unitId}`, the key of a unit's cell in a category. */
export const cellKey = (categoryId: number, unitId: number) => `${categoryId}:${unitId}`;

/**
 * Locks every category of a campaign, in id order: a quota change and a dossier sent in the same
 * category serialise on the category row (nominations' `lockCategory`).
 */
export async function lockCategories(db: Db, campaignId: number) {
	return db
		.select({
			id: campaignCategories.id,
			name: campaignCategories.name,
			quotaPerUnit: campaignCategories.quotaPerUnit
		})
		.from(campaignCategories)
		.where(eq(campaignCategories.campaignId, campaignId))
		.orderBy(campaignCategories.id)
		.for('update');
}

/** The units' own quotas in a campaign's categories, by cell. */
export async function listUnitQuotas(db: Db, campaignId: number) {
	const rows = await listUnitQuotaRows(db, campaignId);
	return new Map(rows.map((r) => [cellKey(r.categoryId, r.unitId), r.places]));
}

export async function listUnitQuotaRows(db: Db, campaignId: number) {
	return db
		.select({
			categoryId: campaignUnitQuotas.categoryId,
			unitId: campaignUnitQuotas.unitId,
			places: campaignUnitQuotas.places
		})
		.from(campaignUnitQuotas)
		.innerJoin(campaignCategories, eq(campaignCategories.id, campaignUnitQuotas.categoryId))
		.where(eq(campaignCategories.campaignId, campaignId));
}

/**
 * Places each unit holds per category of a campaign: the larger of the dossiers it nominated and
 * those it passed upward, as the quota checks count them (nominations' `quotaUsed`).
 */
export async function listPlacesUsed(db: Db, campaignId: number) {
	const holding = and(
		eq(nominations.campaignId, campaignId),
		inArray(nominations.status, QUOTA_HOLDING)
	);
	const result = await db.execute(sql`
		select category_id, unit_id, max(n)::int as used from (
			select ${nominations.categoryId} as category_id, ${nominations.nominatingUnitId} as unit_id, count(*) as n
			from ${nominations} where ${holding} group by 1, 2
			union all
			select ${nominations.categoryId}, f.unit_id, count(*)
			from ${nominations}, unnest(${nominations.forwardedBy}) as f(unit_id) where ${holding} group by 1, 2
		) as held group by 1, 2`);
	const rows = rowsOf<{ category_id: number; unit_id: number; used: number }>(result);
	return new Map(rows.map((r) => [cellKey(r.category_id, r.unit_id), Number(r.used)]));
}

export async function saveUnitQuota(
	db: Db,
	cell: { categoryId: number; unitId: number; places: number | null }
) {
	const where = and(
		eq(campaignUnitQuotas.categoryId, cell.categoryId),
		eq(campaignUnitQuotas.unitId, cell.unitId)
	);
	if (cell.places === null) return void (await db.delete(campaignUnitQuotas).where(where));
	await db
		.insert(campaignUnitQuotas)
		.values({ categoryId: cell.categoryId, unitId: cell.unitId, places: cell.places })
		.onConflictDoUpdate({
			target: [campaignUnitQuotas.categoryId, campaignUnitQuotas.unitId],
			set: { places: cell.places }
		});
}
