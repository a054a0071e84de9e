// Load benchmark of contest submissions (not a test): `npm run bench:contest-submit`.
//
// On a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// it creates a database of its own, builds and starts the real app (node build/index.js; pass
// --no-build to reuse build/), registers BENCH_PLAYERS guests of a public contest and starts
// their attempts through the services (before the clock starts), then has BENCH_CONCURRENCY
// players at a time submit their whole answer sheet (20 answers) the way the page's form does
// (POST ?/submit with the guest cookie, 303 back to the attempt). Beside it, in the same run, a
// bare node:http + postgres.js server does the same writes. It prints p50/p99 latency and
// submissions/s, and checks that every acknowledged submission is stored once with its entry
// and score count. Only 127.0.0.1; the database is dropped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { issueChallenge } from '../src/lib/server/antiabuse/pow';
import { antiAbuseKey } from '../src/lib/server/antiabuse/repo';
import { loadActor } from '../src/lib/server/auth/repo';
import {
	addRound,
	createContest,
	openRound,
	registerGuest,
	startAttempt
} from '../src/lib/server/contests/service';
import { openDatabase } from '../src/lib/server/db/client';
import { approveQuestion, createQuestion } from '../src/lib/server/questions/service';
import { questionInput } from '../src/lib/server/testing/contests';
import { solvedProof } from '../src/lib/server/testing/proof';
import { createUnit } from '../src/lib/server/units/service';
import { createFirstAdministrator } from '../src/lib/server/users/service';
import { buildApp, root, stop, waitFor } from './support';

const probe = async (port: number, path: string) => (await request(port, 'GET', path, {})).status;

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 1200);
const WARMUP = Math.min(400, PLAYERS);
/** The open-loop phase: CONCURRENCY players submitting at random moments within this window. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const QUESTIONS = 20;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4393);
const BASE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 4394);
const POOL = process.env.DATABASE_POOL_SIZE ?? '10';

if (!['127.0.0.1', 'localhost'].includes(new URL(serverUrl).hostname))
	throw new Error('bench runs on 127.0.0.1 only');

let agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
function freshAgent() {
	agent.destroy();
	agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });
}

function request(
	port: number,
	method: string,
	path: string,
	headers: Record<string, string>,
	body?: string
): Promise<{ status: number; location: string; ms: number }> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
			res.resume();
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					location: String(res.headers.location ?? ''),
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
}

async function runPhase(name: string, jobs: Job[]) {
	const latencies: number[] = [];
	const refused: Record<number, number> = {};
	let accepted = 0;
	let next = 0;
	freshAgent();
	const started = performance.now();
	const worker = async () => {
		while (next < jobs.length) {
			const job = jobs[next++]!;
			const reply = await request(job.port, 'POST', job.path, job.headers, job.body);
			latencies.push(reply.ms);
			if (reply.status === 303 && !reply.location.includes('dang-nhap')) accepted++;
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
		accepted,
		refused,
		seconds,
		p50: pick(0.5),
		p99: pick(0.99)
	};
}

/**
 * Open loop: each job starts at its own moment, spread at random over `windowMs` (players
 * finishing near the same time), whether or not earlier ones have been answered.
 */
async function runSpread(name: string, jobs: Job[], windowMs: number) {
	const latencies: number[] = [];
	const refused: Record<number, number> = {};
	let accepted = 0;
	freshAgent();
	const started = performance.now();
	await Promise.all(
		jobs.map(
			(job) =>
				new Promise<void>((resolve, reject) => {
					setTimeout(() => {
						request(job.port, 'POST', job.path, job.headers, job.body).then((reply) => {
							latencies.push(reply.ms);
							if (reply.status === 303) accepted++;
							else refused[reply.status] = (refused[reply.status] ?? 0) + 1;
							resolve();
						}, reject);
					}, Math.random() * windowMs);
				})
		)
	);
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pick = (q: number) =>
		latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
	return {
		name,
		requests: jobs.length,
		accepted,
		refused,
		seconds,
		p50: pick(0.5),
		p99: pick(0.99)
	};
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
	const database = await openDatabase({ engine: 'postgres', url: dbUrl.toString(), max: 8 });
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
	for (let i = 0; i < QUESTIONS + 10; i++) {
		const q = await createQuestion(before, unit.id, questionInput());
		await approveQuestion(before, q.id);
	}
	const contest = await createContest(before, {
		unitId: unit.id,
		title: 'Đo tải nộp bài',
		description: '',
		scope: 'public',
		predictionKind: 'participants',
		tieBreaks: ['correct', 'prediction', 'duration', 'submitted'],
		// Every bench guest registers from this one process.
		guestHourlyLimit: 100_000
	});
	const rounds: number[] = [];
	for (const title of [
		'Khởi động',
		'Ứng dụng',
		'Đường cơ sở',
		'Ứng dụng, rải đều',
		'Đường cơ sở, rải đều'
	]) {
		const round = await addRound(before, contest.id, {
			title,
			opensAt: new Date(now.getTime() - 60_000),
			closesAt: new Date(now.getTime() + 24 * 3600_000),
			questionCount: QUESTIONS,
			timeLimitMinutes: 120,
			attemptsAllowed: 1,
			topics: [],
			difficulties: [],
			predictionQuestion: 'Bao nhiêu người tham gia?',
			prizeTiers: []
		});
		await openRound(before, round.id);
		rounds.push(round.id);
	}
	const [warmRound, appRound, baseRound, appSpread, baseSpread] = rounds as [
		number,
		number,
		number,
		number,
		number
	];

	console.log(`Registering ${PLAYERS} guests and starting their attempts…`);
	const players: { token: string; attempts: Map<number, { id: number; questionIds: number[] }> }[] =
		[];
	for (let i = 0; i < PLAYERS; i++) {
		const ctx = { db, actor: null, now: new Date(), guest: null };
		// A proof of work as a browser sends it, made easy: registration is not what is measured.
		const altcha = await solvedProof(await issueChallenge(await antiAbuseKey(db), ctx.now, 100));
		const { token } = await registerGuest(
			ctx,
			contest.id,
			{
				fullName: `Người chơi ${i}`,
				phone: `09${String(i).padStart(8, '0')}`,
				idNumber: undefined,
				birthDate: undefined,
				unitId: unit.id,
				altcha
			},
			{ address: '127.0.0.1' }
		);
		const attempts = new Map<number, { id: number; questionIds: number[] }>();
		const mine = [appRound, baseRound];
		if (i < WARMUP) mine.push(warmRound);
		if (i < CONCURRENCY) mine.push(appSpread, baseSpread);
		for (const roundId of mine) {
			const { attemptId } = await startAttempt(
				{ db, actor: null, now: new Date(), guest: token },
				roundId,
				{ prediction: 1000 + i }
			);
			attempts.set(roundId, { id: attemptId, questionIds: [] });
		}
		players.push({ token, attempts });
	}
	const sqlDb = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
	const rows = await sqlDb<{ id: number; question_ids: number[] }[]>`
		select id::int, question_ids from attempts`;
	const questionsOf = new Map(rows.map((r) => [r.id, r.question_ids]));

	app = spawn(process.execPath, [join(root, 'build/index.js')], {
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
	baseline = spawn(process.execPath, [join(root, 'bench/contest-submit-baseline.mjs')], {
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

	// Scores spread over 0–20 (player i answers i mod 21 right): option 1 is the key of every
	// bench question (questionInput), option 0 a wrong answer.
	const appJob = (p: (typeof players)[number], roundId: number): Job => {
		const attempt = p.attempts.get(roundId)!;
		const right = players.indexOf(p) % (QUESTIONS + 1);
		const form = new URLSearchParams();
		for (const [n, q] of questionsOf.get(attempt.id)!.entries())
			form.append(`q${q}`, n < right ? '1' : '0');
		return {
			port: APP_PORT,
			path: `/cuoc-thi/${contest.id}/bai/${attempt.id}?/submit`,
			headers: {
				cookie: `gs_thi=${p.token}`,
				origin: `http://127.0.0.1:${APP_PORT}`,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: form.toString()
		};
	};
	const baseJob = (p: (typeof players)[number], roundId = baseRound): Job => {
		const attempt = p.attempts.get(roundId)!;
		return {
			port: BASE_PORT,
			path: `/submit/${attempt.id}`,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				questionIds: questionsOf.get(attempt.id),
				right: players.indexOf(p) % (QUESTIONS + 1)
			})
		};
	};

	const warm = await runPhase(
		'warm-up',
		players.slice(0, WARMUP).map((p) => appJob(p, warmRound))
	);
	if (warm.accepted !== WARMUP) throw new Error(`warm-up: ${JSON.stringify(warm.refused)}`);
	const spread = players.slice(0, CONCURRENCY);
	const results = [
		await runPhase(
			`baseline, ${CONCURRENCY} always in flight`,
			players.map((p) => baseJob(p))
		),
		await runPhase(
			`app, ${CONCURRENCY} always in flight`,
			players.map((p) => appJob(p, appRound))
		),
		await runSpread(
			`baseline, ${CONCURRENCY} players within ${WINDOW_MS / 1000} s`,
			spread.map((p) => baseJob(p, baseSpread)),
			WINDOW_MS
		),
		await runSpread(
			`app, ${CONCURRENCY} players within ${WINDOW_MS / 1000} s`,
			spread.map((p) => appJob(p, appSpread)),
			WINDOW_MS
		)
	];

	// Stored = acknowledged: every attempt closed once, one entry each, counts = entries.
	const checks: string[] = [];
	let ok = true;
	for (const [result, roundId] of [
		[results[0]!, baseRound],
		[results[1]!, appRound],
		[results[2]!, baseSpread],
		[results[3]!, appSpread]
	] as const) {
		const [c] = await sqlDb<{ finished: number; entries: number; counted: number }[]>`
			select (select count(*)::int from attempts where round_id = ${roundId} and finished_at is not null) as finished,
				(select count(*)::int from round_entries where round_id = ${roundId}) as entries,
				(select coalesce(sum(n), 0)::int from round_score_counts where round_id = ${roundId}) as counted`;
		const good =
			c!.finished === result.accepted &&
			c!.entries === result.accepted &&
			c!.counted === result.accepted;
		ok &&= good;
		checks.push(
			`${result.name}: acknowledged ${result.accepted}, attempts closed ${c!.finished}, entries ${c!.entries}, score counts ${c!.counted} → ${good ? 'OK' : 'MISMATCH'}`
		);
	}
	await sqlDb.end();
	await database.close();

	const fmt = (n: number, d = 0) =>
		n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
	console.log(
		`\nContest submission benchmark — ${PLAYERS} submissions of ${QUESTIONS} answers each with ${CONCURRENCY} always in flight, then ${CONCURRENCY} players submitting at random moments within ${WINDOW_MS / 1000} s; pool ${POOL}\n`
	);
	console.log('| run | requests | accepted | refused | submissions/s | p50 ms | p99 ms |');
	console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: |');
	for (const r of results) {
		const refused =
			Object.entries(r.refused)
				.map(([s, n]) => `${s}: ${n}`)
				.join(', ') || '—';
		console.log(
			`| ${r.name} | ${r.requests} | ${r.accepted} | ${refused} | ${fmt(r.accepted / r.seconds)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} |`
		);
	}
	console.log(
		`\ntarget p99 < 150 ms: ${CONCURRENCY} always in flight ${results[1]!.p99 < 150 ? 'met' : 'NOT met'}, ${CONCURRENCY} players within ${WINDOW_MS / 1000} s ${results[3]!.p99 < 150 ? 'met' : 'NOT met'}`
	);
	console.log('stored = acknowledged:');
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
