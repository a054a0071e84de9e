import { and, eq, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike } from '$lib/shared/text';
import type { Db } from '../db/client';
import { campaignCategories, nominations, units } from '../db/schema';
import type { DossierCount } from './rules';

/** Sent dossiers of a campaign per nominating unit, category and status, within subtrees. */
export async function dossierCounts(
	db: Db,
	campaignId: number,
	withinPaths: string[] | null
): Promise<DossierCount[]> {
	const scope: SQL | undefined = withinPaths
		? withinPaths.length
			? or(...withinPaths.map((p) => like(units.path, `${escapeLike(p)}%`)))
			: sql`false`
		: undefined;
	return db
		.select({
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
		.where(and(eq(nominations.campaignId, campaignId), ne(nominations.status, 'draft'), scope))
		.groupBy(
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
