import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	createAppServer,
	listen,
	shutDownGracefully,
	type Handler,
	type NodeRoute
} from '../../scripts/server.js';

// The server of `npm start` (scripts/server.js) around a stand-in for adapter-node's handler,
// which answers 299 so a request the node routes declined shows.
const servers: http.Server[] = [];

const standIn = (_req: http.IncomingMessage, res: http.ServerResponse) =>
	void res.writeHead(299).end('kit');

async function start(routes: NodeRoute[] = [], handler: Handler = standIn, backlog?: number) {
	const server = createAppServer(handler, routes);
	servers.push(server);
	const { port } = await listen(server, { port: 0, host: '127.0.0.1', backlog });
	return { server, port, base: `http://127.0.0.1:${port}` };
}

afterEach(async () => {
	vi.unstubAllEnvs();
	vi.restoreAllMocks();
	await Promise.all(
		servers.splice(0).map((s) => new Promise((r) => (s.listening ? s.close(r) : r(null))))
	);
});

// It listens with the kernel's limit of pending connections instead of Node's 511 (a hall
// answering at once overflowed it). The kernel shows a listening socket's backlog as its
// Send-Q in `ss`.
const ss = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss'].find((path) => existsSync(path));

function backlogOf(port: number): number {
	const line = execFileSync(ss!, ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).trim();
	return Number(line.split(/\s+/)[2]);
}

describe.skipIf(!ss)('the listen backlog of npm start', () => {
	it("is the kernel's limit unless LISTEN_BACKLOG is set", async () => {
		vi.stubEnv('LISTEN_BACKLOG', '');
		const kernel = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
		expect(backlogOf((await start()).port)).toBe(kernel);
		vi.stubEnv('LISTEN_BACKLOG', '9');
		expect(backlogOf((await start()).port)).toBe(9);
	});

	it('keeps a backlog the caller chose', async () => {
		expect(backlogOf((await start([], standIn, 7)).port)).toBe(7);
	});
});

describe('the requests of npm start', () => {
	it('go to the node routes first and to the handler when none takes them', async () => {
		const taken: NodeRoute = (req, res) => {
			if (req.url !== '/nut') return false;
			res.writeHead(200).end('node');
			return true;
		};
		// Like the static files' security headers: it sets a header and takes nothing.
		const header: NodeRoute = (_req, res) => (res.setHeader('x-truoc', '1'), false);
		const { base } = await start([header, taken]);

		const node = await fetch(`${base}/nut`);
		expect([node.status, await node.text(), node.headers.get('x-truoc')]).toEqual([
			200,
			'node',
			'1'
		]);
		const kit = await fetch(`${base}/trang`);
		expect([kit.status, await kit.text(), kit.headers.get('x-truoc')]).toEqual([299, 'kit', '1']);
	});

	it('answer 500 when the handler fails, and log the error as a JSON line', async () => {
		const lines: string[] = [];
		const sink = new Writable({
			write: (chunk: Buffer, _encoding, done) => done(void lines.push(chunk.toString('utf8')))
		});
		const server = createAppServer(
			async () => {
				throw new Error('hỏng');
			},
			[],
			pino(sink)
		);
		servers.push(server);
		const { port } = await listen(server, { port: 0, host: '127.0.0.1' });
		const response = await fetch(`http://127.0.0.1:${port}/`);
		expect(response.status).toBe(500);
		expect(await response.text()).toBe('Internal Server Error');
		expect(JSON.parse(lines.join(''))).toMatchObject({
			level: 50,
			msg: 'request failed outside SvelteKit',
			method: 'GET',
			err: { message: 'hỏng' }
		});
	});
});

describe('the graceful shutdown of npm start', () => {
	it('closes idle kept-alive connections, then emits sveltekit:shutdown once', async () => {
		const { server, port } = await start();
		const shutDown = shutDownGracefully(server, []);
		const agent = new http.Agent({ keepAlive: true });
		const status = await new Promise((resolve, reject) =>
			http
				.get({ port, host: '127.0.0.1', agent }, (res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode));
				})
				.on('error', reject)
		);
		expect(status).toBe(299);

		const reasons: unknown[] = [];
		const onShutdown = (reason: unknown) => reasons.push(reason);
		process.on('sveltekit:shutdown', onShutdown);
		try {
			const closed = new Promise((resolve) => server.once('close', resolve));
			shutDown('SIGTERM');
			shutDown('SIGINT');
			await closed;
			await new Promise((resolve) => setImmediate(resolve));
			expect(reasons).toEqual(['SIGTERM']);
			expect(server.listening).toBe(false);
			expect((server.address() as AddressInfo | null) ?? null).toBeNull();
		} finally {
			process.off('sveltekit:shutdown', onShutdown);
			agent.destroy();
		}
	});
});
