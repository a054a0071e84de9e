import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { downloadExport } from '$lib/server/http';
import { exportPoll } from '$lib/server/voting';
import type { RequestHandler } from './$types';

const kindSchema = z.enum(['ket-qua', 'nhat-ky']).default('ket-qua');

/** ?loai=ket-qua|nhat-ky & dinh-dang=xlsx|csv|csv-excel — the tally or the vote log. */
export const GET: RequestHandler = (event) => {
	const kind = kindSchema.safeParse(event.url.searchParams.get('loai') ?? undefined);
	if (!kind.success) error(400, 'Chọn kết quả (ket-qua) hoặc nhật ký phiếu (nhat-ky).');
	return downloadExport(event, (ctx) =>
		exportPoll(ctx, Number(event.params.id), kind.data === 'nhat-ky' ? 'log' : 'tally')
	);
};
