import { honourPhoto } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const photo = await orErrorPage(honourPhoto(ctxOf(event).db, event.params.slug.slice(0, 120)));
	return new Response(photo.bytes.slice(), {
		headers: {
			'content-type': photo.mimeType,
			'cache-control': 'public, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
};
