// The HTTP server of `npm start` (scripts/start.js): plain `node:http` around adapter-node's
// documented `build/handler.js` ("Custom server" in adapter-node's docs), with what the adapter's
// own `build/index.js` cannot give:
// - the app's node routes (a hall's answers and streams, src/lib/server/live/node-routes.ts;
//   a contest sheet submitted at the closing hour, src/lib/server/contests/node-routes.ts)
//   answer before SvelteKit, whose per-request work was most of their cost (`npm run bench:live`);
// - the kernel's listen backlog instead of Node's 511 (see `listenBacklog`).
// Shutdown keeps adapter-node's documented contract: on SIGTERM/SIGINT the server stops taking
// connections, and once it is closed `sveltekit:shutdown` is emitted, on which the app empties
// its batchers and closes its database (src/hooks.server.ts). Before that, as soon as it stops
// listening, it emits `guong-sang:draining`, on which the app ends its event streams with a
// word to reconnect (they would otherwise hold the node open until SHUTDOWN_TIMEOUT).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';

// Errors that escaped the app, as JSON lines like the app's own (src/lib/server/log.ts).
const defaultLog = pino({ level: process.env.LOG_LEVEL?.trim().toLowerCase() || 'info' });

/**
 * A node route: returns true when it took the request (and answers it itself).
 * @typedef {(req: http.IncomingMessage, res: http.ServerResponse) => boolean} NodeRoute
 */
/**
 * adapter-node's handler: a Connect-style middleware that answers every request it is given.
 * @typedef {(req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => unknown} Handler
 */

/**
 * A hall of phones answering within the same second opens more new connections than Node's
 * default backlog of 511 while the server is busy: the kernel drops the rest of their SYNs and a
 * phone retries only after 1, 3, 7 s (the kernel's TcpExtListenOverflows counter, measured by
 * `npm run bench:live`). So the server listens with the kernel's own limit
 * (net.core.somaxconn), or LISTEN_BACKLOG when set.
 */
export function listenBacklog() {
	const chosen = Number(process.env.LISTEN_BACKLOG);
	if (chosen > 0) return chosen;
	try {
		return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || 4096;
	} catch {
		return 4096;
	}
}

/** A non-negative whole number of seconds from the environment, as adapter-node reads them. */
function seconds(/** @type {string} */ name, /** @type {number | undefined} */ fallback) {
	const raw = process.env[name];
	if (!raw) return fallback;
	if (!/^\d+$/.test(raw)) throw new Error(`${name} phải là số giây nguyên không âm: '${raw}'`);
	return Number(raw);
}

/**
 * The server: each node route in turn, then SvelteKit's handler for what none of them took.
 * @param {Handler} handler
 * @param {readonly NodeRoute[]} [routes]
 * @param {import('pino').Logger} [log] where errors that escaped the app are logged
 */
export function createAppServer(handler, routes = [], log = defaultLog) {
	const server = http.createServer((req, res) => {
		for (const route of routes) if (route(req, res)) return;
		// The handler answers every request (its last step is SvelteKit's); errors SvelteKit
		// did not turn into a response end here, as adapter-node's own server ends them.
		Promise.resolve(handler(req, res, () => notFound(res))).catch((error) => {
			log.error({ err: error, method: req.method }, 'request failed outside SvelteKit');
			if (res.headersSent) return void res.destroy();
			res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
			res.end(http.STATUS_CODES[500]);
		});
	});
	const keepAlive = seconds('KEEP_ALIVE_TIMEOUT', undefined);
	if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
	const headers = seconds('HEADERS_TIMEOUT', undefined);
	if (headers !== undefined) server.headersTimeout = headers * 1000;
	return server;
}

/** @param {http.ServerResponse} res */
function notFound(res) {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end(http.STATUS_CODES[404]);
}

/**
 * Listens with the kernel's backlog (`listenBacklog`) unless `backlog` is given.
 * @param {http.Server} server
 * @param {{ port: number; host?: string; backlog?: number }} options
 * @returns {Promise<import('node:net').AddressInfo>}
 */
export function listen(server, { port, host, backlog = listenBacklog() }) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({ port, host, backlog }, () => {
			server.off('error', reject);
			resolve(/** @type {import('node:net').AddressInfo} */ (server.address()));
		});
	});
}

/** Emitted once a shutdown stopped the listening: the app ends its event streams then. */
export const DRAINING_EVENT = 'guong-sang:draining';

/** SHUTDOWN_TIMEOUT's default, in seconds, as adapter-node's. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 30;

/**
 * The seconds within which `npm start` is gone after SIGTERM whatever happens: SHUTDOWN_TIMEOUT
 * for the requests and streams, then 10 s for the batches and the database before the last
 * resort (scripts/start.js). systemd's TimeoutStopSec must be longer (deploy/guong-sang.service).
 */
export function shutdownDeadline() {
	return (seconds('SHUTDOWN_TIMEOUT', DEFAULT_SHUTDOWN_TIMEOUT) ?? DEFAULT_SHUTDOWN_TIMEOUT) + 10;
}

/**
 * adapter-node's graceful shutdown: on SIGTERM or SIGINT the server stops listening (a proxy's
 * next connection goes to another node), `guong-sang:draining` tells the app to end its event
 * streams, idle connections close at once and busy ones once their request is answered (with
 * `Connection: close`, so a proxy does not send another request down them); after
 * SHUTDOWN_TIMEOUT seconds (30) whatever is left is cut. Once the server is closed,
 * `sveltekit:shutdown` is emitted with the signal's name, as adapter-node's own server emits
 * it, and the app empties its batchers and closes its database.
 * @param {http.Server} server
 * @param {readonly NodeJS.Signals[]} [signals]
 * @param {(event: string, signal: NodeJS.Signals) => void} [emit] where the app hears the two
 *   events: the process, as adapter-node emits `sveltekit:shutdown`
 * @returns {(signal: NodeJS.Signals) => void} the shutdown, which runs once
 */
export function shutDownGracefully(
	server,
	signals = ['SIGTERM', 'SIGINT'],
	// Node's types for `process` list its own events only.
	emit = (event, signal) =>
		void (/** @type {import('node:events').EventEmitter} */ (process).emit(event, signal))
) {
	const timeout = seconds('SHUTDOWN_TIMEOUT', DEFAULT_SHUTDOWN_TIMEOUT) ?? DEFAULT_SHUTDOWN_TIMEOUT;
	/** @type {ReturnType<typeof setTimeout> | undefined} */
	let cutting;
	server.on(
		'request',
		(/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res) => {
			// A request that came on a kept-alive connection during the drain is served, and the
			// connection ends with its answer.
			if (cutting) res.shouldKeepAlive = false;
			req.once('close', () => {
				if (cutting) server.closeIdleConnections();
			});
		}
	);
	/** @param {NodeJS.Signals} signal */
	const shutDown = (signal) => {
		if (cutting) return;
		cutting = setTimeout(() => server.closeAllConnections(), timeout * 1000);
		server.close((error) => {
			clearTimeout(cutting);
			if (!error) emit('sveltekit:shutdown', signal);
		});
		// `close` waits for kept-alive connections to time out unless the idle ones go first.
		server.closeIdleConnections();
		emit(DRAINING_EVENT, signal);
		// Streams ended just now leave their connections idle once the last bytes are out.
		setImmediate(() => server.closeIdleConnections());
	};
	for (const signal of signals) process.on(signal, shutDown);
	return shutDown;
}
