import { getContestForOrganizer, participationReport } from '$lib/server/contests';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const options = reportOptions(event.url);
	const contestId = Number(event.params.id);
	const [report, overview] = await orErrorPage(
		Promise.all([
			participationReport(ctx, contestId, options),
			getContestForOrganizer(ctx, contestId)
		])
	);
	return { report, rounds: overview.rounds.map((r) => ({ id: r.id, title: r.title })), options };
};
