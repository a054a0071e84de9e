import { error } from '@sveltejs/kit';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportScreeningSheet } from '$lib/server/nominations/service';
import type { RequestHandler } from './$types';

/** The dossiers of a campaign that the reader can see, as an Excel file. */
export const GET: RequestHandler = async (event) => {
	const campaignId = Number(event.url.searchParams.get('dot'));
	if (!Number.isInteger(campaignId) || campaignId <= 0) error(400, 'Vui lòng chọn đợt.');
	const bytes = await orErrorPage(exportScreeningSheet(ctxOf(event), campaignId));
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="ho-so-dot-${campaignId}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
