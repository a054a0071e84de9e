/** A campaign's retention period (docs/privacy.md): when its nominees' contact data falls due. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { campaignPhases, campaigns } from '../db/schema';

/**
 * Campaigns whose retention period has run out at `now` and whose data is not yet erased: the
 * last phase ended `retention_months` ago. A campaign without phases has not ended.
 */
export async function campaignsDueForErasure(db: Db, now: Date) {
	return db
		.select({ id: campaigns.id, title: campaigns.title })
		.from(campaigns)
		.where(
			and(
				isNull(campaigns.personalDataErasedAt),
				sql`(select max(${campaignPhases.endsAt}) from ${campaignPhases} where ${campaignPhases.campaignId} = ${campaigns.id})
					+ make_interval(months => ${campaigns.retentionMonths}) <= ${now.toISOString()}::timestamptz`
			)
		)
		.orderBy(asc(campaigns.id));
}

export async function markCampaignErased(db: Db, campaignId: number, now: Date) {
	await db.update(campaigns).set({ personalDataErasedAt: now }).where(eq(campaigns.id, campaignId));
}
