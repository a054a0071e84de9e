import { honourRoll } from '$lib/server/awards';
import { currentStage } from '$lib/server/campaigns';
import { listPublicCampaigns } from '$lib/server/campaigns';
import { listOpenContests } from '$lib/server/contests';
import { getDatabase } from '$lib/server/db';
import { ctxOf } from '$lib/server/http';
import type { Db } from '$lib/server/db/client';
import { listOpenPolls } from '$lib/server/voting';
import type { PageServerLoad } from './$types';

/** What the home page lists at `now` (exported with SvelteKit's `_` prefix for its test). */
export async function _homePage(db: Db, now: Date) {
	const [campaigns, openPolls, openContests, honoured] = await Promise.all([
		listPublicCampaigns(db),
		listOpenPolls(db, now),
		listOpenContests(db, now),
		// The models of recognition campaigns: prize winners of quizzes have their own boards.
		honourRoll(db, { q: '', field: '', page: 1 }, { source: 'campaign' })
	]);
	return {
		latestModels: honoured.rows.slice(0, 6).map((m) => ({
			slug: m.slug,
			name: m.name,
			awardLabel: m.awardLabel,
			unitName: m.unitName,
			hasPhoto: m.hasPhoto
		})),
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
}

export const load: PageServerLoad = async (event) => ({
	...(await _homePage(getDatabase().db, ctxOf(event).now)),
	url: event.url.origin + event.url.pathname
});
