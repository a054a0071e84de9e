import { exportParticipation } from '$lib/server/contests/service';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { bytes, filename } = await orErrorPage(
		exportParticipation(ctxOf(event), Number(event.params.id), reportOptions(event.url))
	);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${filename}"`
		}
	});
};
