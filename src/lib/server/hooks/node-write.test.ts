import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { captureLogs } from '../testing/observability';
import { CROSS_SITE_MESSAGE } from './cross-site';
import { nodeWrite, sendJson, type WriteReplies } from './node-http';

// The steps every node route's write shares, on a real server: what each kind of request is
// answered, and whether the route's own work ran.
const ORIGIN = 'http://127.0.0.1';
let server: Server;
let base = '';
let ran: string[] = [];
let capture: ReturnType<typeof captureLogs> | null = null;

const replies: WriteReplies = {
	refuse: (res, { status, message, fieldErrors }, cookies) =>
		sendJson(res, status, { refused: message, fieldErrors, cookies }),
	fail: (res, cookies) => sendJson(res, 500, { failed: true, cookies })
};

/** The route's work, by path: what a use case might do after the shared steps. */
const works: Record<string, (text: string, cookies: string[]) => Promise<void>> = {
	'/ok': async (text) => void ran.push(text),
	'/refused': async (_text, cookies) => {
		cookies.push('a=1');
		throw new DomainError(409, 'Đã có.', { choice: ['Chọn lại.'] });
	},
	'/broken': async (_text, cookies) => {
		cookies.push('a=1');
		throw new Error('database gone');
	}
};

beforeAll(async () => {
	server = createServer((req, res) => {
		const path = req.url ?? '';
		const options = { origins: new Set([ORIGIN]), limit: 64, tooLarge: 'Quá dài.', name: 'test' };
		void nodeWrite(req, res, { ...options, replies }, async (text, cookies) => {
			if (path === '/after-reply') {
				sendJson(res, 200, { done: true });
				throw new Error('late');
			}
			await works[path]!(text, cookies);
			sendJson(res, 200, { done: true });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
	ran = [];
	capture?.restore();
	capture = null;
});

const post = (path: string, body: string, origin = ORIGIN) =>
	fetch(`${base}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
		body
	});

describe("a node route's write", () => {
	it('runs the work with the body and answers as it does', async () => {
		const res = await post('/ok', 'choice=1');
		expect([res.status, await res.json()]).toEqual([200, { done: true }]);
		expect(ran).toEqual(['choice=1']);
	});

	it('refuses another site with 403 before reading anything, and runs nothing', async () => {
		const res = await post('/ok', 'choice=1', 'http://127.0.0.2');
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({ refused: CROSS_SITE_MESSAGE, fieldErrors: {}, cookies: [] });
		expect(ran).toEqual([]);
	});

	it('refuses a body past the limit with 413 and ends the connection', async () => {
		const res = await post('/ok', 'x'.repeat(65));
		expect(res.status).toBe(413);
		expect(res.headers.get('connection')).toBe('close');
		expect(await res.json()).toMatchObject({ refused: 'Quá dài.' });
		expect(ran).toEqual([]);
	});

	it("answers a use case's refusal with its status, fields and the cookies already set", async () => {
		const res = await post('/refused', 'choice=1');
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({
			refused: 'Đã có.',
			fieldErrors: { choice: ['Chọn lại.'] },
			cookies: ['a=1']
		});
	});

	it('logs any other error and answers the route’s 500 once', async () => {
		capture = captureLogs();
		const res = await post('/broken', 'choice=1');
		expect([res.status, await res.json()]).toEqual([500, { failed: true, cookies: ['a=1'] }]);
		const line = capture.lines().find((l) => l.msg === 'test failed');
		expect((line?.err as { message?: string } | undefined)?.message).toBe('database gone');
	});

	it('after its reply, an error is only logged: the reply stands', async () => {
		capture = captureLogs();
		const res = await post('/after-reply', 'choice=1');
		expect([res.status, await res.json()]).toEqual([200, { done: true }]);
		await expect
			.poll(() => capture!.lines().some((l) => l.msg === 'test failed after its reply'))
			.toBe(true);
	});
});
