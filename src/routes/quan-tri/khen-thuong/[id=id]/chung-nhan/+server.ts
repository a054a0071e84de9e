import { decisionCertificatesPdf } from '$lib/server/awards';
import { downloadPdf } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	downloadPdf(event, (ctx) =>
		decisionCertificatesPdf(ctx, Number(event.params.id), event.url.origin)
	);
