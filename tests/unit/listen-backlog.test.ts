import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

// scripts/listen-backlog.js makes `npm start` listen with the kernel's limit of pending
// connections instead of Node's 511 (a hall answering at once overflowed it). The kernel shows
// a listening socket's backlog as its Send-Q in `ss`.
const ss = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss'].find((path) => existsSync(path));
const servers: net.Server[] = [];

function backlogOf(port: number): number {
	const line = execFileSync(ss!, ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
	return Number(line.split(/\s+/)[2]);
}

async function listen(options: net.ListenOptions): Promise<number> {
	const server = net.createServer();
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(options, resolve));
	return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
	await import('../../scripts/listen-backlog.js');
});

afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe.skipIf(!ss)('the listen backlog of npm start', () => {
	it("listens with the kernel's limit when the caller set none", async () => {
		const kernel = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
		expect(backlogOf(await listen({ port: 0, host: '127.0.0.1' }))).toBe(kernel);
	});

	it('keeps a backlog the caller chose', async () => {
		expect(backlogOf(await listen({ port: 0, host: '127.0.0.1', backlog: 7 }))).toBe(7);
	});
});
