import { afterEach, describe, expect, it } from 'vitest';
import { log, requestIdFrom, requestLog, withRequestId } from './log';
import { captureLogs } from './testing/observability';

let capture: ReturnType<typeof captureLogs>;
afterEach(() => capture?.restore());

describe('log lines', () => {
	it('never hold passwords, tokens, cookies, authorization, phone or ID numbers', () => {
		capture = captureLogs();
		const secrets = {
			password: 'mat-khau-1',
			token: 'tok-2',
			phone: '0912345678',
			idNumber: '001203004567',
			headers: { authorization: 'Bearer abc-3', cookie: 'gs_session=sess-4', 'set-cookie': 'x-5' },
			input: {
				newPassword: 'mat-khau-6',
				player: { phone: '0987654321', idNumber: '079099000111', tokenHash: 'hash-7' }
			},
			config: { databaseUrl: 'postgres://u:pw-8@db/gs', metricsToken: 'metrics-9' }
		};
		log().info({ ...secrets, fullName: 'Nguyễn Văn A', unit: 'Chi đoàn A' }, 'signed up');

		const raw = capture.raw();
		for (const value of [
			'mat-khau-1',
			'tok-2',
			'0912345678',
			'001203004567',
			'abc-3',
			'sess-4',
			'x-5',
			'mat-khau-6',
			'0987654321',
			'079099000111',
			'hash-7',
			'pw-8',
			'metrics-9'
		])
			expect(raw).not.toContain(value);
		const [line] = capture.lines();
		expect(line).toMatchObject({
			level: 30,
			msg: 'signed up',
			fullName: 'Nguyễn Văn A',
			phone: '[Redacted]',
			headers: { authorization: '[Redacted]', cookie: '[Redacted]' },
			input: { player: { idNumber: '[Redacted]' } }
		});
	});

	it('carry the request id of the request being served, through awaits, and none outside one', async () => {
		capture = captureLogs();
		log().info('before');
		await withRequestId('abcd1234-req', async () => {
			log().info('first');
			await new Promise((resolve) => setTimeout(resolve, 1));
			log().warn('after a timer');
		});
		log().info('after');
		const lines = capture.lines();
		expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
			['before', undefined],
			['first', 'abcd1234-req'],
			['after a timer', 'abcd1234-req'],
			['after', undefined]
		]);
	});

	it("the request line goes where the logger's lines go, with their level, time and request id", () => {
		capture = captureLogs();
		withRequestId('abcd1234-req', () => {
			requestLog().info({ method: 'POST', route: '/x', status: 201, ms: 1.5 }, 'request');
			log().info({ cookie: 'gs_session=sess-1' }, 'page work');
		});
		const [request, page] = capture.lines();
		expect(request).toMatchObject({
			level: 30,
			msg: 'request',
			reqId: 'abcd1234-req',
			status: 201
		});
		expect(typeof request!.time).toBe('string');
		// Only the request line goes unredacted: the logger it came from still censors.
		expect(page).toMatchObject({ cookie: '[Redacted]' });
		capture.restore();
		// A swapped logger (a test's capture) gets its own request line logger.
		capture = captureLogs();
		requestLog().info('again');
		expect(capture.lines().map((l) => l.msg)).toEqual(['again']);
	});
});

describe('an incoming request id', () => {
	it("is kept when it looks like a proxy's, and replaced otherwise", () => {
		expect(requestIdFrom('0123456789abcdef0123456789abcdef')).toBe(
			'0123456789abcdef0123456789abcdef'
		);
		for (const bad of [null, '', 'short', 'a\nb-injected-line', 'x'.repeat(65), 'có dấu-12345'])
			expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
	});
});
