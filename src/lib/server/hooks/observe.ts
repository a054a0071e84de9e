import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit';
import { requestIdFrom, requestLog, withRequestId } from '../log';
import { observeRequest } from '../metrics';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * One request's ending: its line in the log and its observation in the latency histogram. The
 * route is the route id, never the path, which may hold a join code or a link's token.
 */
function served(
	route: string | null,
	method: string,
	status: number,
	started: number,
	user?: number
) {
	const seconds = (performance.now() - started) / 1000;
	observeRequest(route, method, status, seconds);
	const line = { method, route, status, ms: Math.round(seconds * 10_000) / 10, user };
	// A balancer's health checks and Prometheus's scrapes come every few seconds: debug, unless refused.
	if (status < 400 && route !== null && QUIET_ROUTES.has(route))
		requestLog().debug(line, 'request');
	else requestLog().info(line, 'request');
}

const QUIET_ROUTES = new Set(['/healthz', '/metrics']);

/**
 * The first handle: a request id for every line the request logs (a proxy's `x-request-id`, or
 * a new one), echoed in the response; then the request's log line and latency. The time is
 * to the response head: an event stream's time open is not its latency.
 */
export const observeRequests: Handle = ({ event, resolve }) => {
	const reqId = requestIdFrom(event.request.headers.get(REQUEST_ID_HEADER));
	const started = performance.now();
	const { method } = event.request;
	return withRequestId(reqId, async () => {
		let response: Response;
		try {
			response = await resolve(event);
		} catch (error) {
			// SvelteKit answers with its error page; this line is what the operator sees of it.
			served(event.route.id, method, 500, started);
			throw error;
		}
		response.headers.set(REQUEST_ID_HEADER, reqId);
		served(event.route.id, method, response.status, started, event.locals.actor?.id);
		return response;
	});
};

/**
 * The same for a node route of `npm start` (src/lib/server/live/node-routes.ts), which answers
 * before SvelteKit and its hooks. `route` is the SvelteKit route id of the same path, so both
 * ways of serving it are one series.
 */
export function observeNodeRequest(
	req: IncomingMessage,
	res: ServerResponse,
	route: string,
	work: () => void
): void {
	const header = req.headers[REQUEST_ID_HEADER];
	const reqId = requestIdFrom(Array.isArray(header) ? header[0] : header);
	const started = performance.now();
	res.setHeader(REQUEST_ID_HEADER, reqId);
	let done = false;
	const finish = (status: number) => {
		if (done) return;
		done = true;
		served(route, req.method ?? 'GET', status, started);
	};
	// Every head goes through writeHead (Node's implicit head too). An event stream's head goes
	// out long before the stream ends: it is timed there.
	const writeHead = res.writeHead;
	res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
		const result = writeHead.apply(this, args);
		finish(this.statusCode);
		return result;
	} as typeof writeHead;
	// Gone before any answer: nginx's 499 (client closed request).
	res.once('close', () => finish(499));
	withRequestId(reqId, work);
}
