import { exportOverallLeaderboard } from '$lib/server/contests';
import { downloadExport } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The overall board over the closed rounds, in full. */
export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => exportOverallLeaderboard(ctx, Number(event.params.id)));
