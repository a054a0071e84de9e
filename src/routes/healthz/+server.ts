import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers: 200 while the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	const database = getDatabase();
	const ok = await database.ping();
	return json(
		{ status: ok ? 'ok' : 'unavailable', database: database.engine },
		{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
