// What the HTTP benchmarks share: a database of their own, the app and a bare baseline server
// started on it, keep-alive requests, and the closed- and open-loop phases that time them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { loadActor } from '../src/lib/server/auth';
import { openDatabase, type Db } from '../src/lib/server/db/client';
import { createUnit } from '../src/lib/server/units';
import { createFirstAdministrator } from '../src/lib/server/users';

export const root = new URL('..', import.meta.url).pathname;

/** `vite build`, unless `--no-build` is given and a build exists. */
export function buildApp(): void {
	if (process.argv.includes('--no-build') && existsSync(join(root, 'build/index.js'))) {
		console.log('Using the existing build/.');
		return;
	}
	console.log('Building the app (vite build)…');
	const built = spawnSync(
		process.execPath,
		[join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
		{ cwd: root, stdio: 'inherit' }
	);
	if (built.status !== 0) throw new Error('build failed');
}

/** Polls until the server answers below 500, or fails if its process exits first. */
export async function waitFor(
	port: number,
	child: ChildProcess,
	probe: (port: number) => Promise<number>
): Promise<void> {
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error(`server on ${port} exited (${child.exitCode})`);
		try {
			if ((await probe(port)) < 500) return;
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`server on ${port} did not start`);
}

/** SIGTERM, then SIGKILL after 8 s. */
export function stop(child: ChildProcess | null): Promise<void> {
	if (!child || child.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * A database of the bench's own on BENCH_DATABASE_URL's server (127.0.0.1 only), created and
 * migrated by `open()` and dropped, with the admin connection closed, by `drop()`.
 */
export function benchDatabase() {
	const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	if (!['127.0.0.1', 'localhost'].includes(new URL(serverUrl).hostname))
		throw new Error('bench runs on 127.0.0.1 only');
	const name = `gs_bench_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async open(max: number) {
			await admin.unsafe(`create database ${name}`);
			const database = await openDatabase({ engine: 'postgres', url: url.toString(), max });
			await database.migrate();
			return database;
		},
		drop: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

/** The first administrator and a province unit, acting an hour before `now`. */
export async function seedAdminAndUnit(db: Db, now: Date) {
	const adminId = await createFirstAdministrator(
		{ db, actor: null, now: new Date() },
		{
			email: 'bench-admin@example.vn',
			fullName: 'Quản trị đo tải',
			password: 'BenchPassword2026'
		}
	);
	const before = {
		db,
		actor: await loadActor(db, adminId),
		now: new Date(now.getTime() - 3600_000)
	};
	const unit = await createUnit(before, {
		name: 'Tỉnh đoàn Đo tải',
		code: 'BENCH',
		kind: 'province',
		memberCount: 100000
	});
	return { before, unit };
}

/** Starts the app as `npm start` does (with BENCH_APP_NODE_ARGS) on the database, in production. */
export function startApp(
	port: number,
	databaseUrl: string,
	pool: string,
	env: Record<string, string> = {}
): ChildProcess {
	const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	return startNode([...nodeArgs, join(root, 'scripts/start.js')], {
		DATABASE_URL: databaseUrl,
		DATABASE_POOL_SIZE: pool,
		SEED_DEMO: '0',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		NODE_ENV: 'production',
		...env
	});
}

/** Starts a bare baseline server (a script under bench/) on the database. */
export function startBaseline(
	script: string,
	port: number,
	databaseUrl: string,
	pool: string
): ChildProcess {
	return startNode([join(root, 'bench', script)], {
		DATABASE_URL: databaseUrl,
		DATABASE_POOL_SIZE: pool,
		PORT: String(port)
	});
}

/** `node args…` from the repository root, its output dropped but its errors shown. */
function startNode(args: string[], env: Record<string, string>): ChildProcess {
	return spawn(process.execPath, args, {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, ...env }
	});
}

export interface Reply {
	status: number;
	body: string;
	location: string;
	ms: number;
	/** When it was sent (performance.now()): with `ms`, when it was answered. */
	sentAt: number;
}

export interface Job {
	port: number;
	path: string;
	headers: Record<string, string>;
	body: string;
}

export interface PhaseResult {
	name: string;
	requests: number;
	accepted: number;
	/** The accepted replies, in the order they came. */
	acknowledged: Reply[];
	refused: Record<number, number>;
	seconds: number;
	p50: number;
	p99: number;
}

/** The `q` quantile of ascending `sorted` latencies (NaN when there are none). */
export const quantile = (sorted: readonly number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Keep-alive requests to 127.0.0.1. Each phase starts on a fresh pool: sockets left idle between
 * phases would be closed by the server (5 s keep-alive) under a later request.
 */
export function httpClient(maxSockets: number) {
	let agent = new http.Agent({ keepAlive: true, maxSockets });

	function request(
		port: number,
		method: string,
		path: string,
		headers: Record<string, string>,
		body?: string
	): Promise<Reply> {
		return new Promise((resolve, reject) => {
			const started = performance.now();
			const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString(),
						location: String(res.headers.location ?? ''),
						ms: performance.now() - started,
						sentAt: started
					})
				);
			});
			req.on('error', reject);
			req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
			if (body) req.write(body);
			req.end();
		});
	}

	function fresh() {
		agent.destroy();
		agent = new http.Agent({ keepAlive: true, maxSockets });
	}

	const post = (job: Job) => request(job.port, 'POST', job.path, job.headers, job.body);

	/** Tallies the replies of one phase. */
	function tally(name: string, requests: number, accept: (reply: Reply) => boolean) {
		const latencies: number[] = [];
		const acknowledged: Reply[] = [];
		const refused: Record<number, number> = {};
		return {
			count(reply: Reply, latency: number) {
				latencies.push(latency);
				if (accept(reply)) acknowledged.push(reply);
				else refused[reply.status] = (refused[reply.status] ?? 0) + 1;
			},
			result(seconds: number): PhaseResult {
				latencies.sort((a, b) => a - b);
				return {
					name,
					requests,
					accepted: acknowledged.length,
					acknowledged,
					refused,
					seconds,
					p50: quantile(latencies, 0.5),
					p99: quantile(latencies, 0.99)
				};
			}
		};
	}

	return {
		request,
		fresh,
		close: () => agent.destroy(),

		/** Closed loop: `concurrency` workers, each sending its next job once answered. */
		async runPhase(
			name: string,
			jobs: Job[],
			concurrency: number,
			accept: (reply: Reply) => boolean
		): Promise<PhaseResult> {
			const counts = tally(name, jobs.length, accept);
			let next = 0;
			fresh();
			const started = performance.now();
			const worker = async () => {
				while (next < jobs.length) {
					const reply = await post(jobs[next++]!);
					counts.count(reply, reply.ms);
				}
			};
			await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
			return counts.result((performance.now() - started) / 1000);
		},

		/**
		 * Open loop: job i is sent `at[i]` ms after the start, whether or not earlier ones have
		 * been answered, and its latency counts from that moment (no coordinated omission).
		 */
		async runOpenLoop(
			name: string,
			jobs: Job[],
			at: number[],
			accept: (reply: Reply) => boolean
		): Promise<PhaseResult> {
			const counts = tally(name, jobs.length, accept);
			const order = jobs.map((_, i) => i).sort((a, b) => at[a]! - at[b]!);
			fresh();
			const started = performance.now();
			let finished = started;
			const inFlight: Promise<void>[] = [];
			for (const i of order) {
				const due = started + at[i]!;
				const wait = due - performance.now();
				if (wait > 1) await new Promise((r) => setTimeout(r, wait));
				inFlight.push(
					post(jobs[i]!).then((reply) => {
						finished = Math.max(finished, performance.now());
						counts.count(reply, performance.now() - due);
					})
				);
			}
			await Promise.all(inFlight);
			return counts.result((finished - started) / 1000);
		}
	};
}

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU time (ms) a process has used so far, from /proc; 0 once it is gone. */
function cpuMsOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// After "pid (name) ": utime and stime are the 12th and 13th fields.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
	} catch {
		return 0;
	}
}

/**
 * CPU time spent by a server process and its PostgreSQL backends (connections whose
 * application_name ends with the server's pid). On a busy machine wall-clock rates swing with
 * the neighbours; CPU per request is the cost of the code itself, so its ratio to the baseline's
 * holds better. (Linux only; CPU used by a backend that closes during a phase is missed.) With
 * `sql` null, only the process is metered.
 */
export function cpuMeter(sql: postgres.Sql | null, serverPid: number) {
	const snapshot = async () => {
		// Without PostgreSQL (PGlite, a bare server), the process is all there is.
		const backends = sql
			? await sql<{ pid: number }[]>`
			select pid from pg_stat_activity where application_name like ${`% ${serverPid}`}`
			: [];
		return new Map([serverPid, ...backends.map((b) => b.pid)].map((pid) => [pid, cpuMsOf(pid)]));
	};
	return {
		/** Runs `phase` and returns its result with the CPU it cost (ms: server, database). */
		async measure<T>(phase: () => Promise<T>) {
			const before = await snapshot();
			const result = await phase();
			const after = await snapshot();
			let database = 0;
			for (const [pid, ms] of after) if (pid !== serverPid) database += ms - (before.get(pid) ?? 0);
			return { result, cpu: { server: after.get(serverPid)! - before.get(serverPid)!, database } };
		}
	};
}

/** A phase's result with the CPU it cost (`cpuMeter`). */
export type Metered = { result: PhaseResult; cpu: { server: number; database: number } };
/** Accepted requests per second. */
export const rate = (r: PhaseResult) => r.accepted / r.seconds;
/** CPU ms per accepted request, server and database together. */
export const cpuPer = (m: Metered) => (m.cpu.server + m.cpu.database) / m.result.accepted;
/** "server + database" CPU ms per accepted request, for a results table. */
export const cpuCell = (m: Metered) =>
	`${fmt(m.cpu.server / m.result.accepted, 2)} + ${fmt(m.cpu.database / m.result.accepted, 2)}`;

/** One line of a bench's targets: what the issue asks, what was measured, whether it was met. */
export const target = (label: string, measured: string, met: boolean) =>
	`  ${met ? 'met    ' : 'NOT met'}  ${label}: ${measured}`;

/** A number with thousands separators and `digits` decimals. */
export const fmt = (n: number, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** One row of the results table: run, requests, accepted, refused, per second, p50, p99. */
export function resultRow(r: PhaseResult): string {
	const refused =
		Object.entries(r.refused)
			.map(([s, n]) => `${s}: ${n}`)
			.join(', ') || '—';
	return `| ${r.name} | ${r.requests} | ${r.accepted} | ${refused} | ${fmt(r.accepted / r.seconds)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} |`;
}
