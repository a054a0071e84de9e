import * as campaigns from '$lib/server/campaigns';
import { ctxOf, downloadTemplate } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The campaign's own quota table as the import reads it: fill "Số suất" and send it back. */
export const GET: RequestHandler = async (event) =>
	downloadTemplate(event, {
		filename: `chi-tieu-dot-${event.params.id}`,
		sheet: 'Chỉ tiêu',
		headers: campaigns.quotaTemplateHeaders,
		examples: await campaigns.quotaTemplateRows(ctxOf(event), Number(event.params.id))
	});
