import { error } from '@sveltejs/kit';
import Papa from 'papaparse';
import { writeSpreadsheet } from '$lib/server/files/spreadsheet';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { exportPoll } from '$lib/server/voting/service';
import type { RequestHandler } from './$types';

/** ?loai=ket-qua|nhat-ky & dinh-dang=xlsx|csv — the tally or the vote log, no personal data. */
export const GET: RequestHandler = async (event) => {
	const kind = event.url.searchParams.get('loai') === 'nhat-ky' ? 'log' : 'tally';
	const format = event.url.searchParams.get('dinh-dang') === 'csv' ? 'csv' : 'xlsx';
	if (!event.locals.actor) error(401, 'Vui lòng đăng nhập để tiếp tục.');
	const data = await orErrorPage(exportPoll(ctxOf(event), Number(event.params.id), kind));
	const name = `binh-chon-${data.poll.id}-${kind === 'log' ? 'nhat-ky' : 'ket-qua'}`;
	if (format === 'csv') {
		// A byte-order mark so Excel reads the Vietnamese marks as UTF-8.
		const text = '\ufeff' + Papa.unparse([data.header, ...data.rows]);
		return new Response(text, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${name}.csv"`,
				'cache-control': 'no-store'
			}
		});
	}
	const bytes = await writeSpreadsheet(
		kind === 'log' ? 'Nhật ký phiếu' : 'Kết quả',
		data.header,
		data.rows
	);
	return new Response(bytes, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
};
