import { Readable } from 'node:stream';
import { contentDisposition } from '$lib/server/files/evidence';
import { ctxOf, orErrorPage, toSignIn } from '$lib/server/http';
import { campaignArchiveStream, prepareCampaignArchive } from '$lib/server/reports';
import type { RequestHandler } from './$types';

// The campaign's archive (hồ sơ lưu trữ): refused with the reason until the campaign is
// finished; then streamed as it is written, never held whole in memory.
export const GET: RequestHandler = async (event) => {
	if (!event.locals.actor) toSignIn(event.url);
	const ctx = ctxOf(event);
	const plan = await orErrorPage(prepareCampaignArchive(ctx, { campaignId: event.params.id }));
	const zip = campaignArchiveStream(ctx, plan, event.url.origin);
	return new Response(Readable.toWeb(zip) as ReadableStream<Uint8Array>, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': contentDisposition('attachment', plan.filename),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
