import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppServer } from '../../../../scripts/server.js';

type NodeRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/** A stand-in for SvelteKit's handler: 299, so a request the node routes declined shows. */
export const DECLINED = 299;

/**
 * Node routes as `npm start` serves them (scripts/server.js) on 127.0.0.1, in front of a
 * stand-in for SvelteKit's handler; `base` is the server's address.
 */
export async function serveNodeRoutes(routes: readonly NodeRoute[]) {
	const server = createAppServer((_req, res) => res.writeHead(DECLINED).end('kit'), routes);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
