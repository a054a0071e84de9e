import { currentStage } from '$lib/server/campaigns/rules';
import { listPublicCampaigns } from '$lib/server/campaigns/service';
import { listOpenContests } from '$lib/server/contests/service';
import { getDatabase } from '$lib/server/db';
import { listOpenPolls } from '$lib/server/voting/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const now = new Date();
	const db = getDatabase().db;
	const [campaigns, openPolls, openContests] = await Promise.all([
		listPublicCampaigns(db),
		listOpenPolls(db, now),
		listOpenContests(db, now)
	]);
	return {
		openPolls,
		openContests,
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
