import type { Handle } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { log } from '../log';
import { captureLogs, sample } from '../testing/observability';
import { observeRequests } from './observe';

let capture: ReturnType<typeof captureLogs>;
afterEach(() => capture?.restore());

/** The handle run on a request for `route`, whose page logs a line, waits, and logs another. */
async function serve(route: string | null, init: RequestInit = {}, status = 200) {
	const event = {
		request: new Request('http://localhost/cuoc-thi/7', init),
		route: { id: route },
		locals: { actor: { id: 42 } }
	};
	const resolve = async () => {
		log().info({ step: 1 }, 'page work');
		await new Promise((r) => setTimeout(r, 2));
		log().info({ step: 2 }, 'more page work');
		return new Response('ok', { status });
	};
	return observeRequests({ event, resolve } as unknown as Parameters<Handle>[0]);
}

const COUNT = 'gs_http_request_duration_seconds_count';

describe('a request through the hooks', () => {
	it('logs every line with one request id, echoed in the response, and ends with the request line', async () => {
		capture = captureLogs();
		const response = await serve('/cuoc-thi/[id=id]', { method: 'POST' }, 303);
		const reqId = response.headers.get('x-request-id');
		expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
		const lines = capture.lines();
		expect(lines).toHaveLength(3);
		expect(new Set(lines.map((l) => l.reqId))).toEqual(new Set([reqId]));
		expect(lines[2]).toMatchObject({
			msg: 'request',
			method: 'POST',
			route: '/cuoc-thi/[id=id]',
			status: 303,
			user: 42
		});
		expect(lines[2]!.ms).toBeGreaterThanOrEqual(1);
		// The path (it may hold a code or a link's token) is not in the line, only the route id.
		expect(capture.raw()).not.toContain('/cuoc-thi/7');
	});

	it("keeps a proxy's request id, so nginx's and the app's lines join", async () => {
		capture = captureLogs();
		const id = 'f3a9c2d1e4b5a6978877665544332211';
		const response = await serve('/', { headers: { 'x-request-id': id } });
		expect(response.headers.get('x-request-id')).toBe(id);
		expect(capture.lines().every((l) => l.reqId === id)).toBe(true);
	});

	it('moves the latency histogram of its route, method and status class by one', async () => {
		capture = captureLogs();
		const labels = { route: '/vinh-danh', method: 'GET', status_class: '2xx' };
		const before = await sample(COUNT, labels);
		await serve('/vinh-danh');
		expect(await sample(COUNT, labels)).toBe(before + 1);
		// A path no route matched is one series, not one per address tried.
		const unmatched = { route: 'unmatched', method: 'GET', status_class: '4xx' };
		const missing = await sample(COUNT, unmatched);
		await serve(null, {}, 404);
		expect(await sample(COUNT, unmatched)).toBe(missing + 1);
	});
});
