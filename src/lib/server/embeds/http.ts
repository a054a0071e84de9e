import type { RequestEvent } from '@sveltejs/kit';

/**
 * An embeddable page's load names the sites that may frame its response; the security hook turns
 * it into the response's frame-ancestors (hooks/headers.ts). The load is where the thing, hence
 * its unit, is known.
 */
export function allowFraming(event: Pick<RequestEvent, 'locals'>, origins: string[]): void {
	event.locals.frameAncestors = origins;
}
