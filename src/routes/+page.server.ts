import { honourRoll } from '$lib/server/awards/service';
import { currentStage } from '$lib/server/campaigns/rules';
import { listPublicCampaigns } from '$lib/server/campaigns/service';
import { listOpenContests } from '$lib/server/contests/service';
import { getDatabase } from '$lib/server/db';
import { listOpenPolls } from '$lib/server/voting/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const now = new Date();
	const db = getDatabase().db;
	const [campaigns, openPolls, openContests, honoured] = await Promise.all([
		listPublicCampaigns(db),
		listOpenPolls(db, now),
		listOpenContests(db, now),
		honourRoll(db, { q: '', field: '', page: 1 })
	]);
	return {
		latestModels: honoured.rows
			.slice(0, 6)
			.map((m) => ({ slug: m.slug, name: m.name, awardLabel: m.awardLabel, unitName: m.unitName })),
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
