import { exportDecisionRecipients } from '$lib/server/awards';
import { downloadExport } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The decision's recipients, in Excel or CSV. */
export const GET: RequestHandler = (event) =>
	downloadExport(event, (ctx) => exportDecisionRecipients(ctx, Number(event.params.id)));
