import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportQuestions } from '$lib/server/questions/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const bytes = await orErrorPage(exportQuestions(ctxOf(event)));
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="ngan-hang-cau-hoi.xlsx"`
		}
	});
};
