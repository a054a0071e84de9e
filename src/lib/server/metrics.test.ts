import { describe, expect, it } from 'vitest';
import { Batcher } from './db/group-commit';
import { metricsResponse } from './metrics';
import { sseResponse } from './realtime/sse';
import { sample } from './testing/observability';

const TOKEN = 'mot-chuoi-bi-mat-dai-0123456789';
const scrape = (authorization?: string, token: string | null = TOKEN) =>
	metricsResponse(
		new Request('http://localhost/metrics', {
			headers: authorization ? { authorization } : {}
		}),
		token
	);

describe('/metrics', () => {
	it('is not found without METRICS_TOKEN, and refuses a scrape without the right bearer token', async () => {
		expect((await scrape(`Bearer ${TOKEN}`, null)).status).toBe(404);
		const missing = await scrape();
		expect(missing.status).toBe(401);
		expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
		expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
		expect((await scrape('Bearer wrong')).status).toBe(403);
		expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(403);
		expect((await scrape(`Bearer ${TOKEN.slice(0, -1)}`)).status).toBe(403);
	});

	it('answers the right token with the Prometheus text format', async () => {
		const response = await scrape(`Bearer ${TOKEN}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
		const text = await response.text();
		for (const name of [
			'gs_http_request_duration_seconds',
			'gs_sse_open_streams',
			'gs_batch_size',
			'gs_batch_duration_seconds',
			'gs_mail_outbox_pending',
			'gs_live_games_running',
			'gs_db_pool_size',
			'process_cpu_seconds_total'
		])
			expect(text).toContain(`# TYPE ${name} `);
	});
});

describe('open event streams', () => {
	it('count a stream while it is open and not after its reader leaves', async () => {
		const before = await sample('gs_sse_open_streams');
		let stopped = 0;
		const response = sseResponse(() => () => void stopped++);
		const reader = response.body!.getReader();
		await reader.read();
		expect(await sample('gs_sse_open_streams')).toBe(before + 1);
		await reader.cancel();
		expect(await sample('gs_sse_open_streams')).toBe(before);
		expect(stopped).toBe(1);
	});
});

describe('group-commit batches', () => {
	it('are measured by size and time under their batcher name', async () => {
		const labels = { batcher: 'test_batcher' };
		const batcher = new Batcher(async (items: number[]) => items.map((n) => n * 2), {
			name: 'test_batcher'
		});
		const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
		expect(results).toEqual([2, 4, 6]);
		expect(await sample('gs_batch_size_count', labels)).toBe(1);
		expect(await sample('gs_batch_size_sum', labels)).toBe(3);
		expect(await sample('gs_batch_duration_seconds_count', labels)).toBe(1);
	});
});
