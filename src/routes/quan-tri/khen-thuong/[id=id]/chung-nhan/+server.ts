import { decisionCertificatesPdf } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { bytes, filename } = await orErrorPage(
		decisionCertificatesPdf(ctxOf(event), Number(event.params.id), event.url.origin)
	);
	return new Response(bytes.slice(), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store'
		}
	});
};
