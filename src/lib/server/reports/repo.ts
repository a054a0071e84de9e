import { and, eq, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { campaignCategories, nominations, units } from '../db/schema';
import type { DossierCount } from './rules';

/**
 * Sent dossiers of campaigns per campaign, nominating unit, category and status, within
 * subtrees: one query for any number of campaigns (a year's report has a dozen).
 */
export async function dossierCounts(
	db: Db,
	campaignIds: number[],
	withinPaths: string[] | null
): Promise<(DossierCount & { campaignId: number })[]> {
	if (campaignIds.length === 0) return [];
	const scope: SQL | undefined = withinPaths
		? withinPaths.length
			? or(...withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`)))
			: sql`false`
		: undefined;
	return db
		.select({
			campaignId: nominations.campaignId,
			unitId: units.id,
			unitName: units.name,
			unitPath: units.path,
			unitDepth: units.depth,
			unitKind: units.kind,
			categoryId: campaignCategories.id,
			categoryName: campaignCategories.name,
			status: nominations.status,
			n: sql<number>`count(*)::int`
		})
		.from(nominations)
		.innerJoin(units, eq(units.id, nominations.nominatingUnitId))
		.innerJoin(campaignCategories, eq(campaignCategories.id, nominations.categoryId))
		.where(
			and(inArray(nominations.campaignId, campaignIds), ne(nominations.status, 'draft'), scope)
		)
		.groupBy(
			nominations.campaignId,
			units.id,
			units.name,
			units.path,
			units.depth,
			units.kind,
			campaignCategories.id,
			campaignCategories.name,
			nominations.status
		);
}
