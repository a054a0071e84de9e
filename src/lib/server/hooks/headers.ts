import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit';

/** Conservative security headers for every response, pages and node routes alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'SAMEORIGIN'
};

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	return response;
};

/**
 * A node route that takes no request: it sets the same headers on every response first, so the
 * static files adapter-node serves without the hooks (scripts, styles, icons) carry them too.
 */
export function staticSecurityHeaders(_req: IncomingMessage, res: ServerResponse): boolean {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	return false;
}
