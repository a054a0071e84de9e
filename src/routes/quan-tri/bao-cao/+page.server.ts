import { listContests } from '$lib/server/contests/service';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listReportableCampaigns } from '$lib/server/reports/service';
import { listManagedPolls } from '$lib/server/voting/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [campaigns, contests, polls] = await orErrorPage(
		Promise.all([listReportableCampaigns(ctx), listContests(ctx), listManagedPolls(ctx)])
	);
	return { campaigns, contests, polls };
};
