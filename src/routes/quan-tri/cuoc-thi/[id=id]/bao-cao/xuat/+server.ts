import { exportParticipation } from '$lib/server/contests';
import { downloadExport } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) =>
		exportParticipation(ctx, Number(event.params.id), reportOptions(event.url))
	);
