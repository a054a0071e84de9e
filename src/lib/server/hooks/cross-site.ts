import type { Handle } from '@sveltejs/kit';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests from other sites. SvelteKit checks form posts only; this
 * covers JSON and every other body type by the Origin header (or, without it, Sec-Fetch-Site).
 */
export const refuseCrossSiteWrites: Handle = async ({ event, resolve }) => {
	if (!SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		const fetchSite = event.request.headers.get('sec-fetch-site');
		const crossSite = origin ? origin !== event.url.origin : fetchSite === 'cross-site';
		if (crossSite) {
			return new Response('Yêu cầu từ trang web khác bị từ chối.', {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		}
	}
	return resolve(event);
};
