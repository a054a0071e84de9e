// Live "Rung chuông vàng" on the built app: N players as real SSE clients.
//
//   npm run bench:live                     (5,000 players)
//   BENCH_PLAYERS=1000 npm run bench:live  (smaller)
//   npm run bench:live -- --no-build       (reuse build/)
//
// Creates its own database on BENCH_DATABASE_URL, seeds a game and N players (bench only:
// players are inserted directly with known tokens), starts the app as `npm start` does and,
// beside it, bench/live-baseline.mjs (bare node:http SSE). The host acts from this process
// through the service, so "open question" reaches the app as a PostgreSQL NOTIFY, as it would
// from a host on another node. Reports:
//   - broadcast: time from the host's "open" call to each player receiving the question;
//   - answers: every player answers once, spread over 2 s; accepted count and latency;
//   - baseline: the same payload broadcast by the bare server to the same number of clients.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../src/lib/server/db/client';
import { livePlayers } from '../src/lib/server/db/schema';
import { useNotify } from '../src/lib/server/realtime/bus';
import { createGame, hostAct } from '../src/lib/server/live';
import { makeApprovedQuestion } from '../src/lib/server/testing/contests';
import { ctxFor, makeUnit, makeUser } from '../src/lib/server/testing/factories';

const root = join(import.meta.dirname, '..');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 5_000);
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4186);
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 4187);
const POOL = process.env.BENCH_POOL ?? '20';
const ANSWER_WINDOW_MS = 2_000;

const name = `gs_bench_live_${process.pid}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
const children: ChildProcess[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const quantile = (sorted: number[], q: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
const ms = (v: number) => `${v.toFixed(0)} ms`;

async function waitFor(port: number, path: string) {
	for (let i = 0; i < 400; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}${path}`)).ok) return;
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`nothing listening on ${port}`);
}

interface Client {
	onEvent(data: string): void;
}

/** Opens N SSE connections, a few hundred at a time so the accept queue keeps up. */
async function connect(
	n: number,
	port: number,
	path: string,
	headers: (i: number) => Record<string, string>,
	make: (i: number) => Client
): Promise<http.ClientRequest[]> {
	const requests: http.ClientRequest[] = [];
	let connected = 0;
	for (let start = 0; start < n; start += 250) {
		const batch: Promise<void>[] = [];
		for (let i = start; i < Math.min(n, start + 250); i++) {
			batch.push(
				new Promise<void>((resolve, reject) => {
					const client = make(i);
					const req = http.get({ host: '127.0.0.1', port, path, headers: headers(i) }, (res) => {
						if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
						connected++;
						let buffer = '';
						res.setEncoding('utf8');
						res.on('data', (chunk: string) => {
							buffer += chunk;
							let end: number;
							while ((end = buffer.indexOf('\n\n')) >= 0) {
								const block = buffer.slice(0, end);
								buffer = buffer.slice(end + 2);
								const data = block
									.split('\n')
									.filter((l) => l.startsWith('data: '))
									.map((l) => l.slice(6))
									.join('\n');
								if (data) client.onEvent(data);
							}
						});
						resolve();
					});
					req.on('error', reject);
					requests.push(req);
				})
			);
		}
		await Promise.all(batch);
	}
	if (connected !== n) throw new Error(`only ${connected}/${n} connected`);
	return requests;
}

function post(port: number, path: string, body: string, headers: Record<string, string>) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path, method: 'POST', agent, headers },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

async function main() {
	if (process.argv.includes('--no-build') && existsSync(join(root, 'build/index.js'))) {
		console.log('Using the existing build/.');
	} else {
		console.log('Building the app (vite build)…');
		const built = spawnSync(
			process.execPath,
			[join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
			{ cwd: root, stdio: 'inherit' }
		);
		if (built.status !== 0) throw new Error('build failed');
	}
	await admin.unsafe(`create database ${name}`);
	const database = await openDatabase({ engine: 'postgres', url: dbUrl.toString(), max: 4 });
	await database.migrate();
	const province = await makeUnit(database, null, { name: 'Tỉnh đoàn Đo tải' });
	const organizer = await makeUser(database, {
		unit: province,
		roles: [{ role: 'organizer', unit: province }]
	});
	const ctx = () => ctxFor(database, organizer, new Date());
	const q1 = await makeApprovedQuestion(ctx(), province.id);
	const q2 = await makeApprovedQuestion(ctx(), province.id);
	const game = await createGame(ctx(), {
		unitId: province.id,
		title: 'Đo tải Rung chuông vàng',
		mode: 'phones',
		questionIds: [q1.id, q2.id],
		seconds: 30,
		rescueWhenAtMost: 0,
		rescueMaxUses: 0,
		goldenBellNumber: undefined,
		goldenBellWhenAtMost: undefined
	});
	console.log(`Seeding ${PLAYERS} players…`);
	const tokens = Array.from({ length: PLAYERS }, (_, i) => `bench-player-token-${i}`);
	for (let start = 0; start < PLAYERS; start += 1000) {
		await database.db.insert(livePlayers).values(
			tokens.slice(start, start + 1000).map((token, k) => ({
				gameId: game.id,
				tokenHash: createHash('sha256').update(token).digest('hex'),
				displayName: `Người chơi ${start + k + 1}`,
				unitName: 'Đo tải',
				seat: start + k + 1
			}))
		);
	}

	const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const app = spawn(process.execPath, [...nodeArgs, join(root, 'scripts/start.js')], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			DATABASE_URL: dbUrl.toString(),
			DATABASE_POOL_SIZE: POOL,
			SEED_DEMO: '0',
			PORT: String(APP_PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${APP_PORT}`,
			NODE_ENV: 'production'
		}
	});
	children.push(app);
	const base = spawn(process.execPath, [join(root, 'bench/live-baseline.mjs')], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, PORT: String(BASE_PORT) }
	});
	children.push(base);
	await waitFor(APP_PORT, '/healthz');
	await waitFor(BASE_PORT, '/');
	// The host's commands publish by NOTIFY from here, like a host on another node.
	useNotify(true);

	// ---- The app -------------------------------------------------------------------------
	console.log(`Connecting ${PLAYERS} players to the app…`);
	const received = new Array<number>(PLAYERS).fill(NaN);
	let payloadBytes = 0;
	let payloadSample = '';
	const appStreams = await connect(
		PLAYERS,
		APP_PORT,
		`/choi/${game.code}/su-kien`,
		(i) => ({ cookie: `gs_live_${game.code}=${tokens[i]}` }),
		(i) => ({
			onEvent(data) {
				if (!Number.isNaN(received[i]!)) return;
				if (data.includes('"state":"open"')) {
					received[i] = performance.now();
					if (!payloadBytes) {
						payloadBytes = Buffer.byteLength(data);
						payloadSample = data;
					}
				}
			}
		})
	);
	await new Promise((r) => setTimeout(r, 1000));
	const t0 = performance.now();
	await hostAct(ctx(), game.code, { action: 'start' });
	const deadline = Date.now() + 20_000;
	while (received.some(Number.isNaN) && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 20));
	const appDelays = received.filter((v) => !Number.isNaN(v)).map((v) => v - t0);
	appDelays.sort((a, b) => a - b);

	// Every player answers once, at a random moment within 2 s.
	console.log('Answering…');
	const latencies: number[] = [];
	let accepted = 0;
	let refused = 0;
	let failed = 0;
	const tA = performance.now();
	await Promise.all(
		tokens.map(
			(token, i) =>
				new Promise<void>((resolve) => {
					setTimeout(
						() =>
							void (async () => {
								const t = performance.now();
								try {
									const res = await post(
										APP_PORT,
										`/choi/${game.code}/tra-loi`,
										new URLSearchParams({ position: '0', choice: String(i % 4) }).toString(),
										{
											'content-type': 'application/x-www-form-urlencoded',
											cookie: `gs_live_${game.code}=${token}`,
											origin: `http://127.0.0.1:${APP_PORT}`
										}
									);
									latencies.push(performance.now() - t);
									if (res.status === 200 && res.body.includes('"answered":0')) accepted++;
									else refused++;
								} catch {
									failed++;
								}
								resolve();
							})(),
						Math.random() * ANSWER_WINDOW_MS
					);
				})
		)
	);
	const answerWall = performance.now() - tA;
	latencies.sort((a, b) => a - b);
	const stored = await database.db.execute<{ n: number }>(
		sql`select count(*)::int as n from live_answers where game_id = ${game.id}`
	);
	for (const req of appStreams) req.destroy();

	// ---- The baseline --------------------------------------------------------------------
	console.log(`Connecting ${PLAYERS} clients to the bare SSE server…`);
	const baseReceived = new Array<number>(PLAYERS).fill(NaN);
	const baseStreams = await connect(
		PLAYERS,
		BASE_PORT,
		'/stream',
		() => ({}),
		(i) => ({
			onEvent() {
				if (Number.isNaN(baseReceived[i]!)) baseReceived[i] = performance.now();
			}
		})
	);
	await new Promise((r) => setTimeout(r, 1000));
	const b0 = performance.now();
	await post(BASE_PORT, '/broadcast', payloadSample || '{}', { 'content-type': 'text/plain' });
	const baseDeadline = Date.now() + 20_000;
	while (baseReceived.some(Number.isNaN) && Date.now() < baseDeadline)
		await new Promise((r) => setTimeout(r, 20));
	const baseDelays = baseReceived.filter((v) => !Number.isNaN(v)).map((v) => v - b0);
	baseDelays.sort((a, b) => a - b);
	for (const req of baseStreams) req.destroy();

	const rows =
		(stored as unknown as { n: number }[])[0]?.n ??
		(stored as unknown as { rows: { n: number }[] }).rows?.[0]?.n;
	console.log(`
Players: ${PLAYERS} SSE connections · event payload ${payloadBytes} bytes · app pool ${POOL}
Broadcast "open question" (host call → player received):
  app       delivered ${appDelays.length}/${PLAYERS}  first ${ms(appDelays[0] ?? NaN)}  p50 ${ms(quantile(appDelays, 0.5))}  p99 ${ms(quantile(appDelays, 0.99))}  max ${ms(appDelays.at(-1) ?? NaN)}
  baseline  delivered ${baseDelays.length}/${PLAYERS}  first ${ms(baseDelays[0] ?? NaN)}  p50 ${ms(quantile(baseDelays, 0.5))}  p99 ${ms(quantile(baseDelays, 0.99))}  max ${ms(baseDelays.at(-1) ?? NaN)}
  ratio p99 app/baseline ${(quantile(appDelays, 0.99) / quantile(baseDelays, 0.99)).toFixed(2)}×
Answers (each player once, spread over ${ANSWER_WINDOW_MS} ms; took ${ms(answerWall)}):
  accepted ${accepted}/${PLAYERS}  refused ${refused}  failed ${failed}  stored ${rows}
  latency p50 ${ms(quantile(latencies, 0.5))}  p90 ${ms(quantile(latencies, 0.9))}  p95 ${ms(quantile(latencies, 0.95))}  p99 ${ms(quantile(latencies, 0.99))}  max ${ms(latencies.at(-1) ?? NaN)}`);
	await database.close();
}

try {
	await main();
} finally {
	for (const child of children) child.kill('SIGTERM');
	await new Promise((r) => setTimeout(r, 500));
	await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
	await admin.end();
	agent.destroy();
}
