import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { prepareDemo } from '$lib/server/demo';
import { refuseCrossSiteWrites } from '$lib/server/hooks/cross-site';
import { securityHeaders, staticSecurityHeaders } from '$lib/server/hooks/headers';
import { loadSession } from '$lib/server/hooks/session';
import { startLiveHub, stopLiveHub } from '$lib/server/live';
import { liveNodeRoutes } from '$lib/server/live';
import { exposeNodeRoutes } from '../scripts/node-routes.js';

export const init: ServerInit = async () => {
	const database = await initDatabase(prepareDemo);
	// Live games: listen for other nodes' events and re-arm close timers from the database.
	await startLiveHub(database);
	// A hall's answers and streams skip SvelteKit's per-request work under `npm start`
	// (scripts/node-routes.js).
	if (env.ORIGIN)
		exposeNodeRoutes([
			staticSecurityHeaders,
			...liveNodeRoutes({ origin: env.ORIGIN, db: database.db })
		]);
	// adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits this; closing the
	// database lets the embedded one checkpoint and the process exit.
	process.once('sveltekit:shutdown', () => {
		void stopLiveHub().finally(() => closeDatabase());
	});
};

export const handle = sequence(refuseCrossSiteWrites, securityHeaders, loadSession);

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return {
		message: status === 404 ? 'Không tìm thấy trang.' : 'Đã có lỗi xảy ra. Vui lòng thử lại sau.'
	};
};
