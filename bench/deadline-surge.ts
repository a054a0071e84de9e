// The deadline surge (not a test): `npm run bench:deadline-surge`.
//
// A weekly round of a big contest closes at a fixed hour and half its players submit in the
// last minute. On a database of its own (BENCH_DATABASE_URL's server, 127.0.0.1 only) it
// registers BENCH_PLAYERS players (default 20,000) in a public contest, half of them with a
// started attempt (through the services: questions drawn, options shuffled), reads each
// attempt's option ids as its page gives them, then moves the round's close (and those attempts'
// deadlines) to one minute ahead and has the half submit their whole sheet within that last
// minute at a rising rate (arrivals ∝ time: most come at the end), as the page with JavaScript
// sends it, to the real app started as `npm start` does. Then the same schedule against the
// bare node:http + postgres.js baseline (bench/contest-submit-baseline.mjs) on a second round.
// It prints accepted/s per 10 s, p50/p99 overall and in the last 10 s, and checks after the
// close that every acknowledged sheet is stored on time, scored as answered and ranked.
//
// Seeding shortcuts, said here: the registrations are inserted in one statement (the
// registration form is not what is measured), and the close is moved by SQL once the attempts
// are started (a start takes its deadline from the round's close).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { sessionIdFromToken } from '../src/lib/server/auth';
import { getAttempt, getLeaderboard, startAttempt } from '../src/lib/server/contests';
import { GRACE_MS } from '../src/lib/shared/contests';
import { consentStatements } from '../src/lib/shared/privacy';
import { questionInput } from '../src/lib/server/testing/contests';
import { openBenchContests } from './contest-setup';
import {
	benchDatabase,
	buildApp,
	fmt,
	httpClient,
	quantile,
	seedAdminAndUnit,
	startApp,
	startBaseline,
	stop,
	target,
	waitFor,
	type Job,
	type PhaseResult,
	type Reply
} from './support';

const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 20_000);
const SUBMITTING = Math.floor(PLAYERS / 2);
const SURGE_MS = Number(process.env.BENCH_SURGE_MS ?? 60_000);
const QUESTIONS = 20;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 4395);
const BASE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 4396);
const POOL = process.env.DATABASE_POOL_SIZE ?? '10';
/** Ranks read back through the leaderboard after the close, one player each. */
const RANK_SAMPLE = 500;
/** Sheets sent to the app before the surge, so it meets it warm (as it would in production). */
const WARMUP = Math.min(500, SUBMITTING);

const bench = benchDatabase();
const client = httpClient(SUBMITTING + 10);

/** A browser's guest token, as the registration page would set it. */
const guestToken = () =>
	[...randomBytes(32)].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32]).join('');

/** Runs `work` over `items`, `width` at a time (the seeding's own pool). */
async function inParallel<T>(
	items: T[],
	width: number,
	work: (item: T, i: number) => Promise<void>
) {
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) {
				const i = next++;
				await work(items[i]!, i);
			}
		})
	);
}

/** Arrival moments within the surge at a linearly rising rate: t = T·√u. */
const risingArrivals = (n: number, ms: number) =>
	Array.from({ length: n }, () => ms * Math.sqrt(Math.random()));

interface Surge {
	result: PhaseResult;
	startedAt: number;
	/** Accepted per 10 s of the surge, by when they were answered. */
	perWindow: number[];
	/** p99 of the requests sent in the last 10 s. */
	lastP99: number;
}

async function surge(name: string, jobs: Job[], accept: (r: Reply) => boolean): Promise<Surge> {
	const at = risingArrivals(jobs.length, SURGE_MS);
	const startedAt = performance.now();
	const result = await client.runOpenLoop(name, jobs, at, accept);
	const windows = Math.ceil(SURGE_MS / 10_000) + 1;
	const perWindow = Array.from({ length: windows }, () => 0);
	for (const r of result.acknowledged) {
		const done = r.sentAt + r.ms - startedAt;
		perWindow[Math.min(windows - 1, Math.floor(done / 10_000))]!++;
	}
	const last = result.acknowledged
		.filter((r) => r.sentAt - startedAt >= SURGE_MS - 10_000)
		.map((r) => r.ms)
		.sort((a, b) => a - b);
	return { result, startedAt, perWindow, lastP99: quantile(last, 0.99) };
}

let app: ChildProcess | null = null;
let baseline: ChildProcess | null = null;

async function main() {
	buildApp();
	const database = await bench.open(8);
	const db = database.db;
	const now = new Date();
	const { before, unit } = await seedAdminAndUnit(db, now);
	const rounds = await openBenchContests(before, unit.id, now, {
		prefix: 'Đo tải giờ chót',
		titles: ['Ứng dụng', 'Đường cơ sở', 'Khởi động'],
		questions: QUESTIONS
	});
	type Round = (typeof rounds)[0];
	const [appRound, baseRound, warmRound] = rounds as [Round, Round, Round];

	const sqlDb = postgres(bench.url, { max: 2, onnotice: () => {} });
	console.log(`Registering ${PLAYERS} players and starting ${2 * SUBMITTING} attempts…`);
	const tokens = Array.from({ length: PLAYERS }, guestToken);
	for (const { contestId } of rounds) {
		const count =
			contestId === appRound.contestId
				? PLAYERS
				: contestId === baseRound.contestId
					? SUBMITTING
					: WARMUP;
		await sqlDb`
			insert into contest_players (contest_id, unit_id, unit_path, full_name, phone,
				guest_token_hash, consent_version, consented_at)
			select ${contestId}, ${unit.id}, ${unit.path}, 'Người chơi ' || i,
				'09' || lpad(i::text, 8, '0'), h, ${consentStatements.contest.version}, now()
			from jsonb_array_elements_text(${sqlDb.json(tokens.slice(0, count).map(sessionIdFromToken))}::jsonb)
				with ordinality as t(h, i)`;
	}
	// Scores spread 0–20 (player i answers i mod 21 right), by the ids the page gives.
	const [wrongText, rightText] = questionInput().options as [string, string];
	const attemptOf = new Map<number, { token: string; right: number }>();
	/** A started attempt's sheet as the page with JavaScript sends it. */
	async function appJob(round: Round, token: string, right: number): Promise<Job> {
		const play = { db, actor: null, now: new Date(), guest: token };
		const { attemptId } = await startAttempt(play, {
			roundId: round.roundId,
			prediction: 1000 + right
		});
		const form = new URLSearchParams();
		for (const [n, q] of (await getAttempt(play, attemptId)).questions.entries())
			form.append(
				`q${q.id}`,
				q.options.find((o) => o.text === (n < right ? rightText : wrongText))!.id
			);
		if (round === appRound) attemptOf.set(attemptId, { token, right });
		return {
			port: APP_PORT,
			path: `/cuoc-thi/${round.contestId}/bai/${attemptId}?/submit`,
			headers: {
				cookie: `gs_thi=${token}`,
				origin: `http://127.0.0.1:${APP_PORT}`,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				'x-sveltekit-action': 'true'
			},
			body: form.toString()
		};
	}
	/** The same player's attempt in the baseline's round, for the bare server. */
	async function baseJob(token: string, right: number): Promise<Job> {
		const play = { db, actor: null, now: new Date(), guest: token };
		const { attemptId } = await startAttempt(play, { roundId: baseRound.roundId });
		const [row] = await sqlDb<{ ids: number[] }[]>`
			select question_ids as ids from attempts where id = ${attemptId}`;
		return {
			port: BASE_PORT,
			path: `/submit/${attemptId}`,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ questionIds: row!.ids, right })
		};
	}
	const appJobs: Job[] = Array.from({ length: SUBMITTING });
	const baseJobs: Job[] = Array.from({ length: SUBMITTING });
	await inParallel(tokens.slice(0, SUBMITTING), 8, async (token, i) => {
		appJobs[i] = await appJob(appRound, token, i % (QUESTIONS + 1));
		baseJobs[i] = await baseJob(token, i % (QUESTIONS + 1));
	});
	// The warm-up's sheets (the app's only: the bare baseline has nothing to warm).
	const warmJobs: Job[] = [];
	await inParallel(tokens.slice(0, WARMUP), 8, async (token, i) => {
		warmJobs.push(await appJob(warmRound, token, i % (QUESTIONS + 1)));
	});

	app = startApp(APP_PORT, bench.url, POOL);
	baseline = startBaseline('contest-submit-baseline.mjs', BASE_PORT, bench.url, POOL);
	await waitFor(
		APP_PORT,
		app,
		async (port) => (await client.request(port, 'GET', '/healthz', {})).status
	);
	await waitFor(
		BASE_PORT,
		baseline,
		async (port) => (await client.request(port, 'GET', '/', {})).status
	);

	/** The round closes at the end of the surge; its running attempts end with it. */
	const closeAt = async (roundId: number) => {
		const close = new Date(Date.now() + SURGE_MS + 500);
		await sqlDb`update contest_rounds set closes_at = ${close} where id = ${roundId}`;
		await sqlDb`update attempts set deadline = ${close} where round_id = ${roundId}`;
		return close;
	};
	const warm = await client.runPhase('warm-up', warmJobs, 50, (r) => r.status === 200);
	if (warm.accepted !== warmJobs.length)
		throw new Error(`warm-up: ${JSON.stringify(warm.refused)}`);
	const appClose = await closeAt(appRound.roundId);
	const appSurge = await surge(
		`app, ${SUBMITTING} of ${PLAYERS} in the last ${SURGE_MS / 1000} s`,
		appJobs,
		(r) => r.status === 200 && r.body.startsWith('{"type":"redirect","status":303')
	);
	await closeAt(baseRound.roundId);
	const baseSurge = await surge(`baseline, the same schedule`, baseJobs, (r) => r.status === 303);

	// After the close (and its grace): stored on time, scored as answered, ranked.
	const wait = appClose.getTime() + GRACE_MS + 1000 - Date.now();
	if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	const acknowledged = new Set(
		appSurge.result.acknowledged.map((r) => Number(/\/bai\/(\d+)\?/.exec(r.body)![1]))
	);
	const rows = await sqlDb<{ id: number; correct: number; timed_out: boolean }[]>`
		select id::int, correct_count::int as correct, timed_out from attempts
		where round_id = ${appRound.roundId} and finished_at is not null`;
	const [c] = await sqlDb<{ entries: number; counted: number }[]>`
		select (select count(*)::int from round_entries where round_id = ${appRound.roundId}) as entries,
			(select coalesce(sum(n), 0)::int from round_score_counts where round_id = ${appRound.roundId}) as counted`;
	const stored = new Map(rows.map((r) => [r.id, r]));
	const missing = [...acknowledged].filter((id) => !stored.has(id)).length;
	const late = [...acknowledged].filter((id) => stored.get(id)?.timed_out).length;
	const misscored = [...acknowledged].filter(
		(id) => stored.get(id)?.correct !== attemptOf.get(id)!.right
	).length;
	let unranked = 0;
	const sample = [...acknowledged].sort(() => Math.random() - 0.5).slice(0, RANK_SAMPLE);
	for (const id of sample) {
		const ctx = { db, actor: null, now: new Date(), guest: attemptOf.get(id)!.token };
		const board = await getLeaderboard(ctx, appRound.roundId, { limit: 1 });
		if (!board.me?.rank) unranked++;
	}
	await sqlDb.end();
	await database.close();

	console.log(
		`\nDeadline surge — ${PLAYERS} registered, ${SUBMITTING} submitting ${QUESTIONS} answers within the last ${SURGE_MS / 1000} s at a rising rate (the page with JavaScript); pool ${POOL}\n`
	);
	console.log(
		'| run | sent | accepted | refused | accepted/s per 10 s | p50 ms | p99 ms | p99 of the last 10 s |'
	);
	console.log('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: |');
	for (const s of [baseSurge, appSurge]) {
		const r = s.result;
		const refused =
			Object.entries(r.refused)
				.map(([k, v]) => `${k}: ${v}`)
				.join(', ') || '—';
		const rates = s.perWindow.map((n) => fmt(n / 10)).join(' · ');
		console.log(
			`| ${r.name} | ${r.requests} | ${r.accepted} | ${refused} | ${rates} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(s.lastP99, 1)} |`
		);
	}
	console.log(`\ntargets (issue 20), machine load ${loadavg()[0]!.toFixed(1)} at the end:`);
	const checks = [
		target(
			'every sheet sent before the close is acknowledged',
			`${appSurge.result.accepted} of ${SUBMITTING}`,
			appSurge.result.accepted === SUBMITTING
		),
		target('every acknowledged sheet stored', `${missing} missing`, missing === 0),
		target('stored on time (not judged late)', `${late} late`, late === 0),
		target('scored as answered', `${misscored} otherwise`, misscored === 0),
		target(
			'entries and score counts = acknowledged',
			`${c!.entries}, ${c!.counted}`,
			c!.entries === acknowledged.size && c!.counted === acknowledged.size
		),
		target(
			`ranked (${sample.length} read back through the leaderboard)`,
			`${unranked} unranked`,
			unranked === 0
		)
	];
	for (const line of checks) console.log(line);
	console.log(
		`  p99 × the baseline's: ${fmt(appSurge.result.p99 / baseSurge.result.p99, 2)} overall, ${fmt(appSurge.lastP99 / baseSurge.lastP99, 2)} in the last 10 s`
	);
	if (missing || misscored || unranked || c!.entries !== acknowledged.size) process.exitCode = 1;
}

try {
	await main();
} finally {
	await stop(app);
	await stop(baseline);
	client.close();
	await bench.drop();
}
