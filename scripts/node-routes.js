// Node routes: the few requests a whole hall sends within the same second (live answers),
// answered by node:http itself in front of SvelteKit, whose per-request work (a web Request,
// streams, hooks) was most of their cost (measured by `npm run bench:live`). The app builds
// them in its `init` hook, so they share its database and its live hub, and hands them over
// through this registry; `scripts/start.js` puts them in front of the built app's handler.
// SvelteKit's own routes for the same paths stay: they answer in `vite dev` and whenever a
// node route declines a request.

/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} NodeRoute */

// A global key: the app's bundle and this script are separate module graphs.
const KEY = Symbol.for('guong-sang.node-routes');
const registry = /** @type {Record<symbol, NodeRoute[] | undefined>} */ (
	/** @type {unknown} */ (globalThis)
);

/** The app's routes, each returning true when it took the request. @param {NodeRoute[]} routes */
export function exposeNodeRoutes(routes) {
	registry[KEY] = routes;
}

/**
 * Puts the exposed routes in front of the server's first `request` listener (SvelteKit's).
 * @param {import('node:http').Server} server
 * @returns {number} how many routes were installed
 */
export function installNodeRoutes(server) {
	const routes = registry[KEY] ?? [];
	const [kit] = /** @type {((...args: unknown[]) => void)[]} */ (server.listeners('request'));
	if (!routes.length || !kit) return 0;
	server.removeListener('request', kit);
	server.prependListener(
		'request',
		/** @type {NodeRoute} */ (req, res) => {
			for (const route of routes) if (route(req, res)) return true;
			kit.call(server, req, res);
			return false;
		}
	);
	return routes.length;
}
