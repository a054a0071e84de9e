import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit';
import { framingHeaders } from '$lib/server/embeds';

/** Conservative security headers for every response, pages and node routes alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'SAMEORIGIN'
};

/**
 * The security headers, and who may frame the response. kit.csp cannot vary frame-ancestors per
 * response (its directives are the config's), so the framing policy is a second
 * Content-Security-Policy that this hook appends: browsers enforce every policy they are sent, so
 * the page's own (scripts, styles) and this one both hold. An embeddable page's load names the
 * sites allowed for its unit in `locals.frameAncestors`; every other response is the site's own.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const framing = framingHeaders(event.locals.frameAncestors);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	if (!framing.xFrameOptions) response.headers.delete('x-frame-options');
	response.headers.append('content-security-policy', framing.csp);
	return response;
};

/** Embeddable pages (docs/embeds.md): the hook decides their framing, after their load. */
const EMBEDS = '/nhung/';

/**
 * A node route that takes no request: it sets the same headers on every response first, so the
 * static files adapter-node serves without the hooks (scripts, styles, icons) carry them too.
 * A header set here stays whatever the app answers later, so an embeddable page's address gets
 * no X-Frame-Options (its framing is the hook's frame-ancestors).
 */
export function staticSecurityHeaders(req: IncomingMessage, res: ServerResponse): boolean {
	const embeddable = (req.url ?? '').startsWith(EMBEDS);
	for (const [name, value] of Object.entries(SECURITY_HEADERS))
		if (!(embeddable && name === 'x-frame-options')) res.setHeader(name, value);
	return false;
}
