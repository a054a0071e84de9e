import { listPublicCampaigns } from '$lib/server/campaigns/service';
import { currentStage } from '$lib/server/campaigns/rules';
import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const now = new Date();
	const campaigns = await listPublicCampaigns(getDatabase().db);
	return {
		campaigns: campaigns
			.map((c) => ({
				id: c.id,
				title: c.title,
				organizingUnitName: c.organizingUnitName,
				year: c.year,
				stage: currentStage(c.phases, now)
			}))
			.filter((c) => c.stage.kind !== 'after')
	};
};
