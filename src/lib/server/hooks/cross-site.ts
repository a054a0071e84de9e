import type { Handle } from '@sveltejs/kit';
import { OPT_OUT_PATH } from '../notifications';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_MESSAGE = 'Yêu cầu từ trang web khác bị từ chối.';

/** Bodies a page of another site can post without asking (no CORS preflight), as SvelteKit lists them. */
const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
];

/**
 * A state-changing request sent by another site: judged by the Origin header or, without it,
 * by Sec-Fetch-Site. `own` holds every origin this server answers at (ORIGIN, EXTRA_ORIGINS,
 * hall mode's LAN addresses). Shared by the hook and the node routes that answer before SvelteKit.
 */
export function isCrossSiteWrite(
	method: string,
	origin: string | null | undefined,
	fetchSite: string | null | undefined,
	own: { has(origin: string): boolean }
): boolean {
	if (SAFE_METHODS.has(method)) return false;
	return origin ? !own.has(origin) : fetchSite === 'cross-site';
}

function isFormBody(contentType: string | null): boolean {
	const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

/** What the cross-site rule reads of a request, from SvelteKit's event or a node route's. */
export interface WriteRequest {
	method: string;
	path: string;
	contentType: string | null | undefined;
	origin: string | null | undefined;
	fetchSite: string | null | undefined;
}

/**
 * Whether a request is refused. Form bodies are held to SvelteKit's own rule (their Origin must
 * be ours; none at all is refused too), other bodies to `isCrossSiteWrite`. One exception: the
 * opt-out link's POST, which mail clients send cross-site and without a cookie by design
 * (RFC 8058 one-click); the signed code in its address is its whole authorisation.
 */
export function refusesWrite(request: WriteRequest, own: { has(origin: string): boolean }) {
	const { method, origin } = request;
	if (SAFE_METHODS.has(method)) return false;
	if (method === 'POST' && request.path === OPT_OUT_PATH) return false;
	if (isFormBody(request.contentType ?? null) && !(origin && own.has(origin))) return true;
	return isCrossSiteWrite(method, origin, request.fetchSite, own);
}

/** The same for SvelteKit's request: its own origin and `others` are ours. */
export function refusesCrossSite(
	request: Request,
	url: URL,
	others: ReadonlySet<string> = new Set()
): boolean {
	const { headers } = request;
	return refusesWrite(
		{
			method: request.method,
			path: url.pathname,
			contentType: headers.get('content-type'),
			origin: headers.get('origin'),
			fetchSite: headers.get('sec-fetch-site')
		},
		{ has: (o: string) => o === url.origin || others.has(o) }
	);
}

/**
 * Refuses state-changing requests from other sites. SvelteKit's own check is off
 * (svelte.config.js) so that the one-click opt-out can pass, and because it knows one origin
 * only while a hall's server answers at several; this hook does its work for form posts and adds
 * the same for JSON.
 */
export function refuseCrossSiteWrites(origins: readonly string[]): Handle {
	const others = new Set(origins);
	return async ({ event, resolve }) => {
		if (refusesCrossSite(event.request, event.url, others))
			return new Response(CROSS_SITE_MESSAGE, {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		return resolve(event);
	};
}
