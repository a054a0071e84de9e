// Load benchmark of public voting (not a test): `npm run bench:voting`.
//
// On a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// it creates a database of its own, builds and starts the real app (node build/index.js) on it,
// and drives its JSON vote endpoint with many concurrent voters: signed-in accounts, then
// anonymous voters with proof of work (challenges fetched and solved before the clock starts).
// Beside it, in the same run, a bare node:http + postgres.js server does the same insert.
// It prints accepted votes/s, p50/p99 latency, and checks that stored = acknowledged with no
// duplicate ballots. Only 127.0.0.1; every loop is bounded; the database is dropped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sessionExpiry } from '../src/lib/server/auth/rules';
import { generateSessionToken, sessionIdFromToken } from '../src/lib/server/auth/tokens';
import { openDatabase } from '../src/lib/server/db/client';
import { roleAssignments, sessions, users } from '../src/lib/server/db/schema';
import { loadActor } from '../src/lib/server/auth/repo';
import { createFirstAdministrator } from '../src/lib/server/users/service';
import { createUnit } from '../src/lib/server/units/service';
import { addPollOption, createPoll } from '../src/lib/server/voting/service';
import { buildApp, root, stop, waitFor } from './support';

const probe = async (port: number, path: string) => (await request(port, 'GET', path, {})).status;

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const ACCOUNT_VOTES = Number(process.env.BENCH_ACCOUNT_VOTES ?? 8000);
const ANON_VOTES = Number(process.env.BENCH_ANON_VOTES ?? 1500);
const WARMUP = 600;
// Open loop: votes arrive at a fixed rate over the same connections, whatever the answers do,
// and each latency counts from the vote's scheduled moment (no coordinated omission).
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 1000);
const PACED_VOTES = Math.round(PACED_RATE * Number(process.env.BENCH_PACED_SECONDS ?? 5));
/** One request in ten repeats an earlier voter's vote at the same moment (must be refused). */
const REPEAT_EVERY = 10;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4391);
const BASE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 4392);
const POOL = process.env.DATABASE_POOL_SIZE ?? '10';

for (const url of [serverUrl]) {
	const host = new URL(url).hostname;
	if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('bench runs on 127.0.0.1 only');
}

// A fresh keep-alive pool per phase: sockets left idle between phases would be closed by the
// server (5 s keep-alive) under a later request.
let agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
function freshAgent() {
	agent.destroy();
	agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
}

interface Reply {
	status: number;
	body: string;
	ms: number;
}

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
					ms: performance.now() - started
				})
			);
		});
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
		if (body) req.write(body);
		req.end();
	});
}

interface Job {
	port: number;
	path: string;
	headers: Record<string, string>;
	body: string;
	/** Identifies the voter, to check acknowledgements against storage. */
	voter: string;
}

interface PhaseResult {
	name: string;
	requests: number;
	accepted: number;
	refused: Record<number, number>;
	seconds: number;
	perSecond: number;
	p50: number;
	p99: number;
	acknowledged: string[];
}

async function runPhase(name: string, jobs: Job[]): Promise<PhaseResult> {
	const latencies: number[] = [];
	const refused: Record<number, number> = {};
	const acknowledged: string[] = [];
	let next = 0;
	freshAgent();
	const started = performance.now();
	const worker = async () => {
		while (next < jobs.length) {
			const job = jobs[next++]!;
			const reply = await request(
				job.port,
				'POST',
				job.path,
				{ ...job.headers, 'content-type': 'application/json' },
				job.body
			);
			latencies.push(reply.ms);
			if (reply.status === 201) acknowledged.push(JSON.parse(reply.body).trackingCode);
			else refused[reply.status] = (refused[reply.status] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pick = (q: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
	return {
		name,
		requests: jobs.length,
		accepted: acknowledged.length,
		refused,
		seconds,
		perSecond: acknowledged.length / seconds,
		p50: pick(0.5),
		p99: pick(0.99),
		acknowledged
	};
}

/** Sends job i at start + i / rate, without waiting for earlier answers. */
async function runPacedPhase(name: string, jobs: Job[], rate: number): Promise<PhaseResult> {
	const latencies: number[] = [];
	const refused: Record<number, number> = {};
	const acknowledged: string[] = [];
	freshAgent();
	const started = performance.now();
	let finished = started;
	const inFlight: Promise<void>[] = [];
	for (const [i, job] of jobs.entries()) {
		const due = started + (i * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 1) await new Promise((r) => setTimeout(r, wait));
		inFlight.push(
			request(
				job.port,
				'POST',
				job.path,
				{ ...job.headers, 'content-type': 'application/json' },
				job.body
			).then((reply) => {
				finished = Math.max(finished, performance.now());
				latencies.push(performance.now() - due);
				if (reply.status === 201) acknowledged.push(JSON.parse(reply.body).trackingCode);
				else refused[reply.status] = (refused[reply.status] ?? 0) + 1;
			})
		);
	}
	await Promise.all(inFlight);
	const seconds = (finished - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pick = (q: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
	return {
		name,
		requests: jobs.length,
		accepted: acknowledged.length,
		refused,
		seconds,
		perSecond: acknowledged.length / seconds,
		p50: pick(0.5),
		p99: pick(0.99),
		acknowledged
	};
}

/** Interleaves repeats: every REPEAT_EVERY-th job re-sends the vote of a voter just before it. */
function withRepeats(jobs: Job[]): Job[] {
	const out: Job[] = [];
	jobs.forEach((job, i) => {
		out.push(job);
		if (i % REPEAT_EVERY === REPEAT_EVERY - 1) out.push({ ...job });
	});
	return out;
}

function solve(challenge: { challenge: string; salt: string; maxnumber: number }): number {
	for (let n = 0; n <= challenge.maxnumber; n++) {
		const h = createHash('sha256')
			.update(challenge.salt + n)
			.digest('hex');
		if (h === challenge.challenge) return n;
	}
	throw new Error('unsolvable challenge');
}

const name = `gs_bench_${process.pid}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
let app: ChildProcess | null = null;
let baseline: ChildProcess | null = null;

async function main() {
	buildApp();

	await admin.unsafe(`create database ${name}`);
	const database = await openDatabase({ engine: 'postgres', url: dbUrl.toString(), max: 4 });
	await database.migrate();
	const db = database.db;
	const now = new Date();
	const adminId = await createFirstAdministrator(db, {
		email: 'bench-admin@example.vn',
		fullName: 'Quản trị đo tải',
		password: 'BenchPassword2026'
	});
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
	const makePoll = async (title: string, audience: 'accounts' | 'anyone') => {
		const id = await createPoll(before, {
			title,
			description: '',
			unitId: unit.id,
			opensAt: new Date(now.getTime() - 60_000),
			closesAt: new Date(now.getTime() + 24 * 3600_000),
			maxChoices: 1,
			dailyVoting: false,
			audience,
			resultsVisibility: 'organizers',
			addressDailyLimit: audience === 'anyone' ? 30 : null
		});
		const options: number[] = [];
		for (let i = 1; i <= 10; i++)
			options.push((await addPollOption(before, id, { title: `Gương mặt ${i}`, summary: '' })).id);
		return { id, options };
	};
	const warmPoll = await makePoll('Khởi động', 'accounts');
	const accountPoll = await makePoll('Bình chọn bằng tài khoản', 'accounts');
	const anonPoll = await makePoll('Bình chọn tự do', 'anyone');
	const basePoll = await makePoll('Đường cơ sở', 'accounts');
	const pacedPoll = await makePoll('Bình chọn nhịp đều', 'accounts');
	const basePacedPoll = await makePoll('Đường cơ sở nhịp đều', 'accounts');

	console.log(`Creating ${ACCOUNT_VOTES + WARMUP + PACED_VOTES} voter accounts and sessions…`);
	const tokens: string[] = [];
	const total = ACCOUNT_VOTES + WARMUP + PACED_VOTES;
	for (let start = 0; start < total; start += 1000) {
		const rows = Array.from({ length: Math.min(1000, total - start) }, (_, i) => ({
			email: `voter${start + i}@bench.example.vn`,
			fullName: `Cử tri ${start + i}`,
			nameFolded: `cu tri ${start + i}`,
			unitId: unit.id,
			passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$unusable',
			createdAt: new Date(now.getTime() - 30 * 24 * 3600_000)
		}));
		const inserted = await db.insert(users).values(rows).returning({ id: users.id });
		await db
			.insert(roleAssignments)
			.values(inserted.map((u) => ({ userId: u.id, role: 'member' as const, unitId: unit.id })));
		const batch = inserted.map((u) => ({ token: generateSessionToken(), userId: u.id }));
		await db.insert(sessions).values(
			batch.map((s) => ({
				id: sessionIdFromToken(s.token),
				userId: s.userId,
				expiresAt: sessionExpiry(now)
			}))
		);
		tokens.push(...batch.map((s) => s.token));
	}

	const nodeArgs = process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	app = spawn(process.execPath, [...nodeArgs, join(root, 'build/index.js')], {
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
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			NODE_ENV: 'production'
		}
	});
	baseline = spawn(process.execPath, [join(root, 'bench/voting-baseline.mjs')], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			DATABASE_URL: dbUrl.toString(),
			DATABASE_POOL_SIZE: POOL,
			PORT: String(BASE_PORT)
		}
	});
	await waitFor(APP_PORT, app, (port) => probe(port, '/healthz'));
	await waitFor(BASE_PORT, baseline, (port) => probe(port, '/'));

	const pick = (options: number[], i: number) =>
		JSON.stringify({ optionIds: [options[i % options.length]!] });
	const accountJob = (poll: { id: number; options: number[] }, i: number): Job => ({
		port: APP_PORT,
		path: `/api/binh-chon/${poll.id}/phieu`,
		headers: {
			cookie: `gs_session=${tokens[i]}`,
			'x-forwarded-for': `10.1.${(i >> 8) & 255}.${i & 255}`
		},
		body: pick(poll.options, i),
		voter: `u${i}`
	});

	console.log(`Solving ${ANON_VOTES} proof-of-work challenges before the clock starts…`);
	const anonJobs: Job[] = [];
	for (let i = 0; i < ANON_VOTES; i++) {
		if (i % 50 === 0) freshAgent();
		const reply = await request(APP_PORT, 'GET', `/api/binh-chon/${anonPoll.id}/thu-thach`, {});
		const c = JSON.parse(reply.body);
		const altcha = Buffer.from(
			JSON.stringify({
				algorithm: c.algorithm,
				challenge: c.challenge,
				number: solve(c),
				salt: c.salt,
				signature: c.signature
			})
		).toString('base64');
		anonJobs.push({
			port: APP_PORT,
			path: `/api/binh-chon/${anonPoll.id}/phieu`,
			headers: {
				cookie: `gs_voter=${randomBytes(16).toString('base64url')}`,
				'x-forwarded-for': `10.2.${(i >> 8) & 255}.${i & 255}`
			},
			body: JSON.stringify({ optionIds: [anonPoll.options[i % 10]!], altcha }),
			voter: `a${i}`
		});
	}

	const warmJobs = Array.from({ length: WARMUP }, (_, i) =>
		accountJob(warmPoll, ACCOUNT_VOTES + i)
	);
	await runPhase('warm-up', warmJobs);
	await runPhase(
		'baseline warm-up',
		warmJobs.map((j, i) => ({
			...j,
			port: BASE_PORT,
			path: `/vote/${warmPoll.id}`,
			headers: { 'x-voter': `w${i}` }
		}))
	);

	const accountJobs = withRepeats(
		Array.from({ length: ACCOUNT_VOTES }, (_, i) => accountJob(accountPoll, i))
	);
	const baseJobs = withRepeats(
		Array.from({ length: ACCOUNT_VOTES }, (_, i) => ({
			port: BASE_PORT,
			path: `/vote/${basePoll.id}`,
			headers: { 'x-voter': `b${i}` },
			body: pick(basePoll.options, i),
			voter: `b${i}`
		}))
	);
	const anonWithRepeats = withRepeats(anonJobs);

	const results = [] as PhaseResult[];
	results.push(await runPhase('baseline: node:http + postgres.js', baseJobs));
	results.push(await runPhase('app: signed-in accounts', accountJobs));
	results.push(await runPhase('app: anonymous with proof of work', anonWithRepeats));
	const pacedFrom = ACCOUNT_VOTES + WARMUP;
	results.push(
		await runPacedPhase(
			`baseline, ${PACED_RATE}/s offered`,
			Array.from({ length: PACED_VOTES }, (_, i) => ({
				port: BASE_PORT,
				path: `/vote/${basePacedPoll.id}`,
				headers: { 'x-voter': `p${i}` },
				body: pick(basePacedPoll.options, i),
				voter: `p${i}`
			})),
			PACED_RATE
		)
	);
	results.push(
		await runPacedPhase(
			`app: signed-in accounts, ${PACED_RATE}/s offered`,
			Array.from({ length: PACED_VOTES }, (_, i) => accountJob(pacedPoll, pacedFrom + i)),
			PACED_RATE
		)
	);

	// Stored = acknowledged, no duplicates.
	const checks: string[] = [];
	let ok = true;
	for (const [result, poll] of [
		[results[0]!, basePoll],
		[results[1]!, accountPoll],
		[results[2]!, anonPoll],
		[results[3]!, basePacedPoll],
		[results[4]!, pacedPoll]
	] as const) {
		const sqlDb = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
		const [counts] = await sqlDb<{ ballots: number; votes: number; dupes: number }[]>`
			select (select count(*)::int from poll_ballots where poll_id = ${poll.id}) as ballots,
			       (select count(*)::int from poll_votes where poll_id = ${poll.id}) as votes,
			       (select count(*)::int from (select 1 from poll_ballots where poll_id = ${poll.id}
			         group by voter_key, period having count(*) > 1) d) as dupes`;
		const { ballots, votes, dupes } = counts!;
		const codes = await sqlDb`select tracking_code from poll_ballots where poll_id = ${poll.id}`;
		await sqlDb.end();
		const storedCodes = new Set(codes.map((r) => r.tracking_code as string));
		const missing = result.acknowledged.filter((c) => !storedCodes.has(c)).length;
		const good =
			ballots === result.accepted && votes === result.accepted && dupes === 0 && missing === 0;
		ok &&= good;
		checks.push(
			`${result.name}: acknowledged ${result.accepted}, stored ballots ${ballots}, votes ${votes}, duplicate ballots ${dupes}, acknowledged but missing ${missing} → ${good ? 'OK' : 'MISMATCH'}`
		);
	}
	await database.close();

	const fmt = (n: number, d = 0) =>
		n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
	console.log(
		`\nVoting benchmark — ${CONCURRENCY} concurrent voters, pool ${POOL} connections, PostgreSQL at 127.0.0.1, ${process.platform} ${(await import('node:os')).cpus().length} cores\n`
	);
	console.log(
		'| run | requests | accepted | refused (status: n) | accepted votes/s | p50 ms | p99 ms |'
	);
	console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: |');
	for (const r of results) {
		const refused =
			Object.entries(r.refused)
				.map(([s, n]) => `${s}: ${n}`)
				.join(', ') || '—';
		console.log(
			`| ${r.name} | ${r.requests} | ${r.accepted} | ${refused} | ${fmt(r.perSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} |`
		);
	}
	const base = results[0]!.perSecond;
	console.log('');
	console.log(
		`signed-in accounts: ${fmt((results[1]!.perSecond / base) * 100)}% of baseline throughput (target ≥ 60%)`
	);
	console.log(
		`anonymous with PoW: ${fmt((results[2]!.perSecond / base) * 100)}% of baseline throughput (target ≥ 60%)`
	);
	console.log(
		`targets ≥ 1,000 accepted votes/s and p99 < 100 ms: accounts ${results[1]!.perSecond >= 1000 && results[1]!.p99 < 100 ? 'met' : 'NOT met'}, anonymous ${results[2]!.perSecond >= 1000 && results[2]!.p99 < 100 ? 'met' : 'NOT met'}`
	);
	const paced = results[4]!;
	console.log(
		`open loop, ${fmt(PACED_RATE)} votes/s offered over ${CONCURRENCY} connections: app accepted ${fmt(paced.perSecond)}/s, p99 ${fmt(paced.p99, 1)} ms (baseline p99 ${fmt(results[3]!.p99, 1)} ms) — target: every offered vote accepted, p99 < 100 ms — ${paced.accepted === PACED_VOTES && paced.p99 < 100 ? 'met' : 'NOT met'}`
	);
	console.log('\nstored = acknowledged:');
	for (const c of checks) console.log(`  ${c}`);
	if (!ok) process.exitCode = 1;
}

try {
	await main();
} finally {
	await stop(app);
	await stop(baseline);
	agent.destroy();
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end();
}
