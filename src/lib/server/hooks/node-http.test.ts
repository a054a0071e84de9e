import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientAddress } from './node-http';

const request = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
	({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

afterEach(() => {
	vi.unstubAllEnvs();
});

describe("a node route's client address, as adapter-node's getClientAddress gives it", () => {
	it('is the socket peer when no address header is configured', () => {
		vi.stubEnv('ADDRESS_HEADER', '');
		expect(clientAddress(request({ 'x-forwarded-for': '10.0.0.9' }, '127.0.0.5'))).toBe(
			'127.0.0.5'
		);
	});

	it('counts XFF_DEPTH proxies from the right of X-Forwarded-For (what a client writes is left)', () => {
		vi.stubEnv('ADDRESS_HEADER', 'X-Forwarded-For');
		const chain = { 'x-forwarded-for': '6.6.6.6, 10.1.2.3 , 172.16.0.1' };
		vi.stubEnv('XFF_DEPTH', '1');
		expect(clientAddress(request(chain))).toBe('172.16.0.1');
		vi.stubEnv('XFF_DEPTH', '2');
		expect(clientAddress(request(chain))).toBe('10.1.2.3');
	});

	it('is null where adapter-node would fail the request: header absent, or fewer hops than XFF_DEPTH', () => {
		vi.stubEnv('ADDRESS_HEADER', 'x-forwarded-for');
		vi.stubEnv('XFF_DEPTH', '3');
		expect(clientAddress(request({ 'x-forwarded-for': '10.1.2.3, 172.16.0.1' }))).toBeNull();
		expect(clientAddress(request({}))).toBeNull();
	});

	it('takes another header whole', () => {
		vi.stubEnv('ADDRESS_HEADER', 'x-real-ip');
		expect(clientAddress(request({ 'x-real-ip': '10.9.8.7' }))).toBe('10.9.8.7');
	});
});
