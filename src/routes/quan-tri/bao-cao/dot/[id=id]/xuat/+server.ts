import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportCampaignReport } from '$lib/server/reports/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { bytes, filename } = await orErrorPage(
		exportCampaignReport(ctxOf(event), Number(event.params.id))
	);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
};
