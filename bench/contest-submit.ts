// Load benchmark of contest submissions (not a test): `npm run bench:contest-submit`.
//
// On a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// it creates a database of its own, builds and starts the real app (as npm start does; pass
// --no-build to reuse build/), registers BENCH_PLAYERS guests in public contests (one per
// phase: a contest's rounds may not overlap), starts their attempts through the services and
// reads each attempt as its page gives it, option ids included (before the clock starts), then
// has BENCH_CONCURRENCY players at a time submit their whole answer sheet (20 answers) the way
// the page with JavaScript does (POST ?/submit with the guest cookie, asking for SvelteKit's
// JSON answer; BENCH_SUBMIT=form: as the page without JavaScript, 303 back to the attempt). Beside
// it, in the same run, a bare node:http + postgres.js server does the same writes. It prints
// p50/p99 latency and submissions/s, and checks that every acknowledged submission is stored
// once with its entry and score count, scored as answered. Only 127.0.0.1; the database is
// dropped at the end.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { issueChallenge } from '../src/lib/server/antiabuse/pow';
import { antiAbuseKey } from '../src/lib/server/antiabuse/repo';
import { getAttempt, registerGuest, startAttempt, type PlayCtx } from '../src/lib/server/contests';
import { questionInput } from '../src/lib/server/testing/contests';
import { openBenchContests } from './contest-setup';
import { solvedProof } from '../src/lib/server/testing/proof';
import {
	benchDatabase,
	buildApp,
	httpClient,
	cpuCell,
	cpuMeter,
	cpuPer,
	fmt,
	rate,
	resultRow,
	target,
	type PhaseResult,
	seedAdminAndUnit,
	startApp,
	startBaseline,
	stop,
	waitFor,
	type Job,
	type Reply
} from './support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 1200);
const WARMUP = Math.min(400, PLAYERS);
/** The open-loop phase: CONCURRENCY players submitting at random moments within this window. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const QUESTIONS = 20;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4393);
const BASE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 4394);
const POOL = process.env.DATABASE_POOL_SIZE ?? '10';

const bench = benchDatabase();
const client = httpClient(CONCURRENCY + 10);
const probe = async (port: number, path: string) =>
	(await client.request(port, 'GET', path, {})).status;

/**
 * How the app is sent the sheet: as the page with JavaScript sends it (`use:enhance`, answered
 * by the node route), or as the page without it (`BENCH_SUBMIT=form`, SvelteKit's form action).
 */
const ENHANCED = process.env.BENCH_SUBMIT !== 'form';
/** A stored submission is sent back to the attempt's page, not to sign-in. */
const isSubmitted = (reply: Reply) =>
	ENHANCED
		? reply.status === 200 &&
			/^\{"type":"redirect","status":303,"location":"\/cuoc-thi\//.test(reply.body)
		: reply.status === 303 && !reply.location.includes('dang-nhap');
/** The baseline answers a stored submission with 303. */
const isStored = (reply: Reply) => reply.status === 303;
const acceptedBy = (jobs: Job[]) => (jobs[0]?.port === BASE_PORT ? isStored : isSubmitted);
const runPhase = (name: string, jobs: Job[]) =>
	client.runPhase(name, jobs, CONCURRENCY, acceptedBy(jobs));
/**
 * Open loop: each job starts at its own moment, spread at random over `windowMs` (players
 * finishing near the same time), whether or not earlier ones have been answered.
 */
const runSpread = (name: string, jobs: Job[], windowMs: number) =>
	client.runOpenLoop(
		name,
		jobs,
		jobs.map(() => Math.random() * windowMs),
		acceptedBy(jobs)
	);

/** A phase's contest and round (each phase has a contest of its own). */
interface Phase {
	contestId: number;
	roundId: number;
}

/** A started attempt and, per question, the ids its page gave the right and a wrong option. */
interface BenchAttempt {
	id: number;
	contestId: number;
	answers: { questionId: number; right: string; wrong: string }[];
}

/** Accepted submissions a second. */

let app: ChildProcess | null = null;
let baseline: ChildProcess | null = null;

async function main() {
	buildApp();

	const database = await bench.open(8);
	const db = database.db;
	const now = new Date();
	const { before, unit } = await seedAdminAndUnit(db, now);
	// One contest per phase, every phase's round open for the whole run.
	const rounds = await openBenchContests(before, unit.id, now, {
		prefix: 'Đo tải nộp bài',
		titles: ['Khởi động', 'Ứng dụng', 'Đường cơ sở', 'Ứng dụng, rải đều', 'Đường cơ sở, rải đều'],
		questions: QUESTIONS
	});
	const [warmRound, appRound, baseRound, appSpread, baseSpread] = rounds as [
		Phase,
		Phase,
		Phase,
		Phase,
		Phase
	];

	// Every bench question is questionInput's: option "Phương án hai" right, "Phương án một" not.
	const [wrongText, rightText] = questionInput().options as [string, string];
	console.log(`Registering ${PLAYERS} guests and starting their attempts…`);
	const players: { token: string; attempts: Map<number, BenchAttempt> }[] = [];
	for (let i = 0; i < PLAYERS; i++) {
		// One browser token serves every public contest the guest enters.
		let token: string | null = null;
		const attempts = new Map<number, BenchAttempt>();
		const mine = [appRound, baseRound];
		if (i < WARMUP) mine.push(warmRound);
		if (i < CONCURRENCY) mine.push(appSpread, baseSpread);
		for (const { contestId, roundId } of mine) {
			const ctx: PlayCtx = { db, actor: null, now: new Date(), guest: token };
			// A proof of work as a browser sends it, made easy: registration is not what is measured.
			const altcha = await solvedProof(await issueChallenge(await antiAbuseKey(db), ctx.now, 100));
			({ token } = await registerGuest(ctx, {
				consent: true,
				contestId,
				fullName: `Người chơi ${i}`,
				phone: `09${String(i).padStart(8, '0')}`,
				idNumber: undefined,
				birthDate: undefined,
				unitId: unit.id,
				altcha,
				address: '127.0.0.1'
			}));
			const play = { db, actor: null, now: new Date(), guest: token };
			const { attemptId } = await startAttempt(play, { roundId, prediction: 1000 + i });
			// The option ids as the attempt's page gives them (the app's phases only).
			const answers =
				roundId === baseRound.roundId || roundId === baseSpread.roundId
					? []
					: (await getAttempt(play, attemptId)).questions.map((q) => ({
							questionId: q.id,
							right: q.options.find((o) => o.text === rightText)!.id,
							wrong: q.options.find((o) => o.text === wrongText)!.id
						}));
			attempts.set(roundId, { id: attemptId, contestId, answers });
		}
		players.push({ token: token!, attempts });
	}
	const sqlDb = postgres(bench.url, { max: 1, onnotice: () => {} });
	const rows = await sqlDb<{ id: number; question_ids: number[] }[]>`
		select id::int, question_ids from attempts`;
	const questionsOf = new Map(rows.map((r) => [r.id, r.question_ids]));

	app = startApp(APP_PORT, bench.url, POOL);
	baseline = startBaseline('contest-submit-baseline.mjs', BASE_PORT, bench.url, POOL);
	await waitFor(APP_PORT, app, (port) => probe(port, '/healthz'));
	await waitFor(BASE_PORT, baseline, (port) => probe(port, '/'));

	// Scores spread over 0–20 (player i answers i mod 21 right), by the ids the page gave.
	const appJob = (p: (typeof players)[number], phase: Phase): Job => {
		const attempt = p.attempts.get(phase.roundId)!;
		const right = players.indexOf(p) % (QUESTIONS + 1);
		const form = new URLSearchParams();
		for (const [n, q] of attempt.answers.entries())
			form.append(`q${q.questionId}`, n < right ? q.right : q.wrong);
		return {
			port: APP_PORT,
			path: `/cuoc-thi/${attempt.contestId}/bai/${attempt.id}?/submit`,
			headers: {
				cookie: `gs_thi=${p.token}`,
				origin: `http://127.0.0.1:${APP_PORT}`,
				'content-type': 'application/x-www-form-urlencoded',
				...(ENHANCED
					? { accept: 'application/json', 'x-sveltekit-action': 'true' }
					: { accept: 'text/html' })
			},
			body: form.toString()
		};
	};
	const baseJob = (p: (typeof players)[number], phase = baseRound): Job => {
		const attempt = p.attempts.get(phase.roundId)!;
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

	const appCpu = cpuMeter(sqlDb, app.pid!);
	const baseCpu = cpuMeter(sqlDb, baseline.pid!);
	const warm = await runPhase(
		'warm-up',
		players.slice(0, WARMUP).map((p) => appJob(p, warmRound))
	);
	if (warm.accepted !== WARMUP) throw new Error(`warm-up: ${JSON.stringify(warm.refused)}`);
	const spread = players.slice(0, CONCURRENCY);
	const metered = [
		await baseCpu.measure(() =>
			runPhase(
				`baseline, ${CONCURRENCY} always in flight`,
				players.map((p) => baseJob(p))
			)
		),
		await appCpu.measure(() =>
			runPhase(
				`app, ${CONCURRENCY} always in flight`,
				players.map((p) => appJob(p, appRound))
			)
		),
		await baseCpu.measure(() =>
			runSpread(
				`baseline, ${CONCURRENCY} players within ${WINDOW_MS / 1000} s`,
				spread.map((p) => baseJob(p, baseSpread)),
				WINDOW_MS
			)
		),
		await appCpu.measure(() =>
			runSpread(
				`app, ${CONCURRENCY} players within ${WINDOW_MS / 1000} s`,
				spread.map((p) => appJob(p, appSpread)),
				WINDOW_MS
			)
		)
	];
	const results = metered.map((m) => m.result);

	// Stored = acknowledged: every attempt closed once, one entry each, counts = entries.
	const checks: string[] = [];
	let ok = true;
	for (const [result, { roundId }] of [
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
	// The app scored each sheet as answered: the option ids mapped back to the bank.
	const expected = new Map<number, number>();
	for (const [i, p] of players.entries())
		for (const phase of [appRound, appSpread]) {
			const attempt = p.attempts.get(phase.roundId);
			if (attempt) expected.set(attempt.id, i % (QUESTIONS + 1));
		}
	const scored = await sqlDb<{ id: number; correct: number }[]>`
		select id::int, correct_count::int as correct from attempts
		where round_id in (${appRound.roundId}, ${appSpread.roundId}) and finished_at is not null`;
	const misscored = scored.filter((r) => expected.get(r.id) !== r.correct).length;
	ok &&= misscored === 0;
	checks.push(
		`app scores as answered: ${scored.length} sheets, ${misscored} scored otherwise → ${misscored === 0 ? 'OK' : 'MISMATCH'}`
	);
	await sqlDb.end();
	await database.close();

	console.log(
		`\nContest submission benchmark (${ENHANCED ? 'the page with JavaScript: enhanced form, node route' : 'the page without JavaScript: form action'}) — ${PLAYERS} submissions of ${QUESTIONS} answers each with ${CONCURRENCY} always in flight, then ${CONCURRENCY} players submitting at random moments within ${WINDOW_MS / 1000} s; pool ${POOL}\n`
	);
	console.log(
		'| run | requests | accepted | refused | submissions/s | p50 ms | p99 ms | CPU ms per submission: server + database |'
	);
	console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
	for (const m of metered) console.log(`${resultRow(m.result)} ${cpuCell(m)} |`);
	const [base, loaded, , spreadRun] = results as PhaseResult[] as [
		PhaseResult,
		PhaseResult,
		PhaseResult,
		PhaseResult
	];
	const share = rate(loaded) / rate(base);
	const tail = loaded.p99 / base.p99;
	console.log(`\ntargets (issue 20), machine load ${loadavg()[0]!.toFixed(1)} at the end:`);
	console.log(
		target(
			`${CONCURRENCY} in flight, throughput ≥ 60% of the baseline's`,
			`${fmt(share * 100)}%`,
			share >= 0.6
		)
	);
	console.log(
		target(`${CONCURRENCY} in flight, p99 ≤ 1.5× the baseline's`, `${fmt(tail, 2)}×`, tail <= 1.5)
	);
	console.log(
		target(
			`${CONCURRENCY} players within ${WINDOW_MS / 1000} s, p99 < 50 ms`,
			`${fmt(spreadRun.p99, 1)} ms`,
			spreadRun.p99 < 50
		)
	);
	console.log(
		`  CPU per submission with ${CONCURRENCY} in flight (server + database): ${fmt(cpuPer(metered[1]!) / cpuPer(metered[0]!), 2)}× the baseline's`
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
	client.close();
	await bench.drop();
}
