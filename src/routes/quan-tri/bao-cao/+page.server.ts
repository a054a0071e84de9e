import { listContests } from '$lib/server/contests';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listReportableCampaigns } from '$lib/server/reports';
import { listManagedPolls } from '$lib/server/voting';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [campaigns, contests, polls] = await orErrorPage(
		Promise.all([listReportableCampaigns(ctx), listContests(ctx), listManagedPolls(ctx)])
	);
	return { campaigns, contests, polls };
};
