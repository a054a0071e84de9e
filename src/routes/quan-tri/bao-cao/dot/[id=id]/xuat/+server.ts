import { downloadExport } from '$lib/server/http';
import { exportCampaignReport } from '$lib/server/reports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => exportCampaignReport(ctx, Number(event.params.id)));
