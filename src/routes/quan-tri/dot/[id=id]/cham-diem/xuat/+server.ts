import { downloadExport } from '$lib/server/http';
import { exportScoreSheet } from '$lib/server/judging';
import type { RequestHandler } from './$types';

/** The score sheet (bảng tổng hợp điểm) as Excel: a sheet per category. */
export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => exportScoreSheet(ctx, Number(event.params.id)));
