import { ctxOf, orErrorPage } from '$lib/server/http';
import { campaignReport } from '$lib/server/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	report: await orErrorPage(campaignReport(ctxOf(event), Number(event.params.id)))
});
