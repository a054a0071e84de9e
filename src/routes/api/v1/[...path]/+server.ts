import { serveApi } from '$lib/server/api/serve';
import { getDatabase } from '$lib/server/db';
import type { RequestHandler } from './$types';

// Every read of the open API goes through one router (its table is the OpenAPI document too).
// HEAD is answered by GET, as SvelteKit does; the session is never read.
const handler: RequestHandler = (event) =>
	serveApi(getDatabase().db, {
		method: event.request.method,
		path: `/${event.params.path}`,
		query: event.url.searchParams,
		address: event.getClientAddress(),
		ifNoneMatch: event.request.headers.get('if-none-match'),
		now: new Date()
	});

export const GET = handler;
export const OPTIONS = handler;
export const fallback = handler;
