import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportGameReport } from '$lib/server/live/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { bytes, filename } = await orErrorPage(exportGameReport(ctxOf(event), event.params.code));
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
};
