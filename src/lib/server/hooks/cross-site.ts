import type { Handle } from '@sveltejs/kit';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_MESSAGE = 'Yêu cầu từ trang web khác bị từ chối.';

/**
 * A state-changing request sent by another site: judged by the Origin header or, without it,
 * by Sec-Fetch-Site. Shared by the hook and the node routes that answer before SvelteKit.
 */
export function isCrossSiteWrite(
	method: string,
	origin: string | null | undefined,
	fetchSite: string | null | undefined,
	ownOrigin: string
): boolean {
	if (SAFE_METHODS.has(method)) return false;
	return origin ? origin !== ownOrigin : fetchSite === 'cross-site';
}

/** Refuses state-changing requests from other sites. SvelteKit checks form posts only. */
export const refuseCrossSiteWrites: Handle = async ({ event, resolve }) => {
	const { headers, method } = event.request;
	if (
		isCrossSiteWrite(method, headers.get('origin'), headers.get('sec-fetch-site'), event.url.origin)
	)
		return new Response(CROSS_SITE_MESSAGE, {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	return resolve(event);
};
