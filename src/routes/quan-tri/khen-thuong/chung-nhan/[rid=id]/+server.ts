import { certificatePdf } from '$lib/server/awards';
import { downloadPdf } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadPdf(event, (ctx) => certificatePdf(ctx, Number(event.params.rid), event.url.origin));
