import type { EventEmitter } from 'node:events';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { readConfig } from '$lib/server/config';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { prepareDemo } from '$lib/server/demo';
import { refuseCrossSiteWrites } from '$lib/server/hooks/cross-site';
import { securityHeaders, staticSecurityHeaders } from '$lib/server/hooks/headers';
import { startBackups } from '$lib/server/hooks/backups';
import { startMailer } from '$lib/server/hooks/mailer';
import { startMetrics } from '$lib/server/hooks/metrics';
import { startRetention } from '$lib/server/hooks/retention';
import { shutDownWith } from '$lib/server/hooks/shutdown';
import { observeRequests } from '$lib/server/hooks/observe';
import { loadSession } from '$lib/server/hooks/session';
import { startLiveHub } from '$lib/server/live';
import { liveNodeRoutes } from '$lib/server/live';
import { contestNodeRoutes } from '$lib/server/contests';
import { votingNodeRoutes } from '$lib/server/voting';
import { log } from '$lib/server/log';

/**
 * The event scripts/start.js listens for before it imports the handler, whose load runs `init`.
 * (Node's types for `process` list its own events only, hence the plain EventEmitter.)
 */
const NODE_ROUTES_EVENT = 'guong-sang:node-routes';

const config = readConfig();

export const init: ServerInit = async () => {
	const database = await initDatabase(prepareDemo);
	// Live games: listen for other nodes' events and re-arm close timers from the database.
	await startLiveHub(database);
	// E-mail: deliver what the outbox holds, after the changes that wrote it committed.
	startMailer(database, config);
	// Backups: the embedded folder can only be copied by this process (it holds it).
	startBackups(database, config);
	// Personal data: contact data past each contest's and campaign's retention period is erased.
	startRetention(database);
	// Metrics: what /metrics reads from the database when Prometheus asks.
	startMetrics(database, config);
	// A hall's answers and streams skip SvelteKit's per-request work under `npm start`: its server
	// (scripts/start.js) takes these node routes, with the static files' security headers, and
	// puts them before adapter-node's handler. They share this database and live hub, which is why
	// they are built here and announced, not built by the server. Nobody listens in `vite dev`.
	// A round's closing minutes bring the same to the contest's submit, and a poll's to the vote.
	if (env.ORIGIN) {
		const routes = { origins: new Set(config.origins), db: database.db };
		const withCookies = { ...routes, secure: env.ORIGIN.startsWith('https:') };
		(process as EventEmitter).emit(NODE_ROUTES_EVENT, [
			staticSecurityHeaders,
			...liveNodeRoutes(routes),
			...contestNodeRoutes(withCookies),
			...votingNodeRoutes(withCookies)
		]);
	}
	// The server (scripts/server.js, or adapter-node's own) tells the app when a shutdown begins
	// and when every request was answered: streams end, batches settle, the database closes.
	void shutDownWith(process, closeDatabase);
};

export const handle = sequence(
	observeRequests,
	refuseCrossSiteWrites(config.origins),
	securityHeaders,
	loadSession
);

export const handleError: HandleServerError = ({ error, status }) => {
	// Inside the request's handle: the line carries its request id.
	if (status !== 404) log().error({ err: error, status }, 'request failed');
	return {
		message: status === 404 ? 'Không tìm thấy trang.' : 'Đã có lỗi xảy ra. Vui lòng thử lại sau.'
	};
};
