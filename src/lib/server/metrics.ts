// Prometheus metrics (prom-client), served at /metrics behind METRICS_TOKEN. What moves with the
// traffic costs one observe or one inc/dec where it happens; what the database knows (outbox,
// games, connections) is read only when Prometheus scrapes, never per request.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { log } from './log';

export const registry = new Registry();
// Process CPU, memory, event-loop delay, handles: prom-client's standard set.
collectDefaultMetrics({ register: registry });

const registers = [registry];

const httpDuration = new Histogram({
	name: 'gs_http_request_duration_seconds',
	help: 'Time to the response head, by SvelteKit route id (or node route), method and status class.',
	labelNames: ['route', 'method', 'status_class'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** One request served: its route id (null: no route matched), method and status. */
export function observeRequest(
	route: string | null,
	method: string,
	status: number,
	seconds: number
) {
	// Labels stay few: unknown methods and unmatched paths are one series each, not one per URL.
	httpDuration.observe(
		{
			route: route ?? 'unmatched',
			method: METHODS.has(method) ? method : 'OTHER',
			status_class: `${Math.floor(status / 100)}xx`
		},
		seconds
	);
}

export const openStreams = new Gauge({
	name: 'gs_sse_open_streams',
	help: 'Server-sent event streams open on this node (live games: screens, hosts, phones).',
	registers
});

const batchSize = new Histogram({
	name: 'gs_batch_size',
	help: 'Items per group-commit batch (ballots, anonymous ballots, live answers).',
	labelNames: ['batcher'] as const,
	buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
	registers
});

const batchDuration = new Histogram({
	name: 'gs_batch_duration_seconds',
	help: 'Time one group-commit batch spent in the database, retries of its items included.',
	labelNames: ['batcher'] as const,
	buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
	registers
});

export function observeBatch(batcher: string, size: number, seconds: number) {
	batchSize.observe({ batcher }, size);
	batchDuration.observe({ batcher }, seconds);
}

/** What only the database knows, read at scrape time; set by the server's `init`. */
export interface ScrapeSources {
	engine: 'pglite' | 'postgres';
	poolSize: number;
	/** Unsent e-mail: how many and how long the oldest has waited. */
	outbox(): Promise<{ pending: number; oldestSeconds: number }>;
	/** Live games started and not finished, on every node. */
	liveGames(): Promise<number>;
	/** PostgreSQL only: this process's connections by state (pg_stat_activity). */
	connections?(): Promise<Record<string, number>>;
}

let sources: ScrapeSources | null = null;

export function setScrapeSources(next: ScrapeSources | null) {
	sources = next;
}

/** A scrape-time read that failed leaves its gauge as it was and says why once per scrape. */
async function read<T>(what: string, reader: (s: ScrapeSources) => Promise<T>): Promise<T | null> {
	if (!sources) return null;
	try {
		return await reader(sources);
	} catch (error) {
		log().warn({ err: error, metric: what }, 'metrics: could not read');
		return null;
	}
}

new Gauge({
	name: 'gs_mail_outbox_pending',
	help: 'E-mails in the outbox not yet sent (pending or being sent), on every node.',
	registers,
	async collect() {
		const outbox = await read('outbox', (s) => s.outbox());
		if (outbox) this.set(outbox.pending);
	}
});

new Gauge({
	name: 'gs_mail_outbox_oldest_pending_seconds',
	help: 'Age of the oldest unsent e-mail (0 when none).',
	registers,
	async collect() {
		const outbox = await read('outbox', (s) => s.outbox());
		if (outbox) this.set(outbox.oldestSeconds);
	}
});

new Gauge({
	name: 'gs_live_games_running',
	help: 'Live games started and not finished (the whole installation, as every node sees it).',
	registers,
	async collect() {
		const games = await read('live games', (s) => s.liveGames());
		if (games !== null) this.set(games);
	}
});

new Gauge({
	name: 'gs_db_pool_size',
	help: 'Connections this process may open: DATABASE_POOL_SIZE on PostgreSQL, 1 for PGlite.',
	labelNames: ['engine'] as const,
	registers,
	collect() {
		this.reset();
		if (sources) this.set({ engine: sources.engine }, sources.poolSize);
	}
});

new Gauge({
	name: 'gs_db_connections',
	help: "This process's PostgreSQL connections by pg_stat_activity state (active, idle, …).",
	labelNames: ['state'] as const,
	registers,
	async collect() {
		const states = await read('connections', (s) => s.connections?.() ?? Promise.resolve(null));
		this.reset();
		for (const [state, count] of Object.entries(states ?? {})) this.set({ state }, count);
	}
});

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may scrape: nobody when METRICS_TOKEN is unset (404, as if there were no such page), 401
 * without a bearer token, 403 with another one. The tokens are compared through their SHA-256,
 * in constant time whatever their lengths.
 */
export function scrapeRefusal(
	authorization: string | null,
	token: string | null
): 401 | 403 | 404 | null {
	if (!token) return 404;
	const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
	if (!given) return 401;
	return timingSafeEqual(digest(given), digest(token)) ? null : 403;
}

/** `/metrics`: the exposition text, or the refusal. */
export async function metricsResponse(request: Request, token: string | null): Promise<Response> {
	const refusal = scrapeRefusal(request.headers.get('authorization'), token);
	const headers = { 'cache-control': 'no-store' };
	if (refusal === 404) return new Response('Not Found', { status: 404, headers });
	if (refusal === 401)
		return new Response('Unauthorized', {
			status: 401,
			headers: { ...headers, 'www-authenticate': 'Bearer realm="metrics"' }
		});
	if (refusal === 403) return new Response('Forbidden', { status: 403, headers });
	return new Response(await registry.metrics(), {
		headers: { ...headers, 'content-type': registry.contentType }
	});
}
