// Who manages a campaign, shared by the campaign's use cases (service.ts, quotas.ts).
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { Check } from '../usecase';
import * as repo from './repo';
import type { CampaignRow } from './repo';

export const NOT_FOUND = 'Không tìm thấy đợt tôn vinh.';

/** Campaigns are run by the organizers of their organizing unit. */
export const organizes = (path: string): Check => ({
	action: 'campaign.manage',
	resource: { kind: 'unit', path }
});

/** Managing a campaign is checked on its organizing unit; others see "not found". */
export const manages = (campaign: CampaignRow): Check => ({
	...organizes(campaign.organizingUnitPath),
	hidden: NOT_FOUND
});

export async function loadCampaign(db: Db, id: number) {
	const campaign = await repo.findCampaign(db, id);
	if (!campaign) throw notFound(NOT_FOUND);
	return campaign;
}

/** A campaign's own change (categories, timeline, quotas, publishing): loaded, checked and locked. */
export const onCampaign = {
	load: ({ db }: { db: Db }, input: { campaignId: number }) => loadCampaign(db, input.campaignId),
	authorize: (_actor: unknown, campaign: CampaignRow) => manages(campaign)
};
