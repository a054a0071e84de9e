import { downloadExport } from '$lib/server/http';
import { exportGameReport } from '$lib/server/live';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => exportGameReport(ctx, event.params.code));
