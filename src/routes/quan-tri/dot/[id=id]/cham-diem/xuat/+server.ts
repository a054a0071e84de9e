import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportScoreSheet } from '$lib/server/judging/service';
import { contentDisposition } from '$lib/server/files/evidence';
import type { RequestHandler } from './$types';

/** The score sheet (bảng tổng hợp điểm) as Excel. */
export const GET: RequestHandler = async (event) => {
	const id = Number(event.params.id);
	const bytes = await orErrorPage(exportScoreSheet(ctxOf(event), id));
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': contentDisposition('attachment', `bang-tong-hop-diem-dot-${id}.xlsx`),
			'cache-control': 'private, no-store'
		}
	});
};
