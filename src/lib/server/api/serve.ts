/** The read API's router: one function answers every read, for the route and the tests alike. */
import type { Db } from '../db/client';
import { route } from './endpoints';
import { openApiDocument } from './openapi';
import { cacheable, CORS_HEADERS, jsonError, rateLimited, refusal, tooMany } from './respond';
import type { ApiCtx } from './views';

export interface ApiRequest {
	method: string;
	/** The path under /api/v1 ("/dot/3"). */
	path: string;
	query: URLSearchParams;
	address: string;
	ifNoneMatch: string | null;
	now: Date;
}

/** The one answer to a read of the API, for the route and for tests alike. */
export async function serveApi(db: Db, request: ApiRequest): Promise<Response> {
	if (request.method === 'OPTIONS')
		return new Response(null, { status: 204, headers: CORS_HEADERS });
	if (request.method !== 'GET' && request.method !== 'HEAD')
		return jsonError(405, 'API chỉ cho phép đọc (GET, HEAD, OPTIONS).', {
			allow: 'GET, HEAD, OPTIONS'
		});
	const found = route(request.path);
	const document = request.path === '/openapi.json';
	if (!found && !document) return jsonError(404, 'Không có địa chỉ API này.');
	const wait = await rateLimited(db, request.address, request.now);
	if (wait !== null) return tooMany(wait);
	try {
		const ctx: ApiCtx = { db, actor: null, now: request.now, address: request.address };
		const value = found
			? await found.endpoint.answer(ctx, found.params, request.query)
			: openApiDocument();
		return cacheable(value, request.ifNoneMatch);
	} catch (caught) {
		return refusal(caught);
	}
}
