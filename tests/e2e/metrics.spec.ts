import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_METRICS_TOKEN } from './ports';

// The built server's logs and metrics wiring: the hooks' request id, the /metrics route and
// the sources its `init` gives it. The rules behind them are tested in Vitest
// (src/lib/server/metrics.test.ts, hooks/observe.test.ts, hooks/metrics.db.test.ts).

async function scrape(request: APIRequestContext): Promise<string> {
	const response = await request.get('/metrics', {
		headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` }
	});
	expect(response.status()).toBe(200);
	return response.text();
}

/** The value of one series in the exposition text (0 when it is not there yet). */
function value(text: string, series: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line ? Number(line.slice(series.length + 1)) : 0;
}

test('a request is echoed its id and counted in the latency histogram; /metrics wants the token', async ({
	request
}) => {
	expect((await request.get('/metrics')).status()).toBe(401);
	expect(
		(await request.get('/metrics', { headers: { authorization: 'Bearer wrong' } })).status()
	).toBe(403);

	const series =
		'gs_http_request_duration_seconds_count{route="/(public)/vinh-danh",method="GET",status_class="2xx"}';
	const before = value(await scrape(request), series);
	const page = await request.get('/vinh-danh', {
		headers: { 'x-request-id': 'e2e-request-0123456789' }
	});
	expect(page.status()).toBe(200);
	expect(page.headers()['x-request-id']).toBe('e2e-request-0123456789');
	const after = await scrape(request);
	expect(value(after, series)).toBe(before + 1);
	// What the server's init gave the scrape: the database's own figures.
	expect(after).toMatch(/^gs_mail_outbox_pending \d+$/m);
	expect(after).toMatch(/^gs_live_games_running \d+$/m);
	expect(after).toMatch(/^gs_db_pool_size\{engine="(pglite|postgres)"\} \d+$/m);
});
