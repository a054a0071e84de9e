// Load benchmark of public voting (not a test): `npm run bench:voting`.
//
// On a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// it creates a database of its own, builds and starts the real app (as npm start does) on it,
// and drives its JSON vote endpoint with many concurrent voters: signed-in accounts, then
// anonymous voters with proof of work (challenges fetched and solved before the clock starts).
// Beside it, in the same run, a bare node:http + postgres.js server does the same insert.
// It prints accepted votes/s, p50/p99 latency, and checks that stored = acknowledged with no
// duplicate ballots. Only 127.0.0.1; every loop is bounded; the database is dropped at the end.
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { sessionExpiry } from '../src/lib/server/auth';
import { generateSessionToken, sessionIdFromToken } from '../src/lib/server/auth';
import { roleAssignments, sessions, users } from '../src/lib/server/db/schema';
import { addPollOption, createPoll } from '../src/lib/server/voting';
import {
	benchDatabase,
	buildApp,
	cpuCell,
	cpuMeter,
	cpuPer,
	fmt,
	httpClient,
	rate,
	resultRow,
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

const bench = benchDatabase();
const client = httpClient(CONCURRENCY + 10);
const probe = async (port: number, path: string) =>
	(await client.request(port, 'GET', path, {})).status;

/** A vote is acknowledged with 201 and its tracking code. */
const isAcknowledged = (reply: Reply) => reply.status === 201;
const trackingCodes = (r: PhaseResult) =>
	r.acknowledged.map((reply) => JSON.parse(reply.body).trackingCode as string);
const vote = (port: number, path: string, headers: Record<string, string>, body: string): Job => ({
	port,
	path,
	headers: { ...headers, 'content-type': 'application/json' },
	body
});
const runPhase = (name: string, jobs: Job[]) =>
	client.runPhase(name, jobs, CONCURRENCY, isAcknowledged);
/** Sends job i at start + i / rate, without waiting for earlier answers. */
const runPacedPhase = (name: string, jobs: Job[], rate: number) =>
	client.runOpenLoop(
		name,
		jobs,
		jobs.map((_, i) => (i * 1000) / rate),
		isAcknowledged
	);

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

let app: ChildProcess | null = null;
let baseline: ChildProcess | null = null;

async function main() {
	buildApp();

	const database = await bench.open(4);
	const db = database.db;
	const now = new Date();
	const { before, unit } = await seedAdminAndUnit(db, now);
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
			options.push((await addPollOption(before, { id, title: `Gương mặt ${i}`, summary: '' })).id);
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

	app = startApp(APP_PORT, bench.url, POOL, {
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1'
	});
	baseline = startBaseline('voting-baseline.mjs', BASE_PORT, bench.url, POOL);
	await waitFor(APP_PORT, app, (port) => probe(port, '/healthz'));
	await waitFor(BASE_PORT, baseline, (port) => probe(port, '/'));

	const pick = (options: number[], i: number) =>
		JSON.stringify({ optionIds: [options[i % options.length]!] });
	const accountJob = (poll: { id: number; options: number[] }, i: number): Job =>
		vote(
			APP_PORT,
			`/api/binh-chon/${poll.id}/phieu`,
			{
				cookie: `gs_session=${tokens[i]}`,
				'x-forwarded-for': `10.1.${(i >> 8) & 255}.${i & 255}`
			},
			pick(poll.options, i)
		);

	console.log(`Solving ${ANON_VOTES} proof-of-work challenges before the clock starts…`);
	const anonJobs: Job[] = [];
	for (let i = 0; i < ANON_VOTES; i++) {
		if (i % 50 === 0) client.fresh();
		const reply = await client.request(
			APP_PORT,
			'GET',
			`/api/binh-chon/${anonPoll.id}/thu-thach`,
			{}
		);
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
		anonJobs.push(
			vote(
				APP_PORT,
				`/api/binh-chon/${anonPoll.id}/phieu`,
				{
					cookie: `gs_voter=${randomBytes(16).toString('base64url')}`,
					'x-forwarded-for': `10.2.${(i >> 8) & 255}.${i & 255}`
				},
				JSON.stringify({ optionIds: [anonPoll.options[i % 10]!], altcha })
			)
		);
	}

	const warmJobs = Array.from({ length: WARMUP }, (_, i) =>
		accountJob(warmPoll, ACCOUNT_VOTES + i)
	);
	await runPhase('warm-up', warmJobs);
	await runPhase(
		'baseline warm-up',
		warmJobs.map((j, i) => vote(BASE_PORT, `/vote/${warmPoll.id}`, { 'x-voter': `w${i}` }, j.body))
	);

	const accountJobs = withRepeats(
		Array.from({ length: ACCOUNT_VOTES }, (_, i) => accountJob(accountPoll, i))
	);
	const baseJobs = withRepeats(
		Array.from({ length: ACCOUNT_VOTES }, (_, i) =>
			vote(BASE_PORT, `/vote/${basePoll.id}`, { 'x-voter': `b${i}` }, pick(basePoll.options, i))
		)
	);
	const anonWithRepeats = withRepeats(anonJobs);
	const pacedFrom = ACCOUNT_VOTES + WARMUP;

	const meter = postgres(bench.url, { max: 1, onnotice: () => {} });
	const appCpu = cpuMeter(meter, app.pid!);
	const baseCpu = cpuMeter(meter, baseline.pid!);
	const metered = [
		await baseCpu.measure(() => runPhase('baseline: node:http + postgres.js', baseJobs)),
		await appCpu.measure(() => runPhase('app: signed-in accounts', accountJobs)),
		await appCpu.measure(() => runPhase('app: anonymous with proof of work', anonWithRepeats)),
		await baseCpu.measure(() =>
			runPacedPhase(
				`baseline, ${PACED_RATE}/s offered`,
				Array.from({ length: PACED_VOTES }, (_, i) =>
					vote(
						BASE_PORT,
						`/vote/${basePacedPoll.id}`,
						{ 'x-voter': `p${i}` },
						pick(basePacedPoll.options, i)
					)
				),
				PACED_RATE
			)
		),
		await appCpu.measure(() =>
			runPacedPhase(
				`app: signed-in accounts, ${PACED_RATE}/s offered`,
				Array.from({ length: PACED_VOTES }, (_, i) => accountJob(pacedPoll, pacedFrom + i)),
				PACED_RATE
			)
		)
	];
	await meter.end();
	const results = metered.map((m) => m.result);

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
		const sqlDb = postgres(bench.url, { max: 1, onnotice: () => {} });
		const [counts] = await sqlDb<{ ballots: number; votes: number; dupes: number }[]>`
			select (select count(*)::int from poll_ballots where poll_id = ${poll.id}) as ballots,
			       (select count(*)::int from poll_votes where poll_id = ${poll.id}) as votes,
			       (select count(*)::int from (select 1 from poll_ballots where poll_id = ${poll.id}
			         group by voter_key, period having count(*) > 1) d) as dupes`;
		const { ballots, votes, dupes } = counts!;
		const codes = await sqlDb`select tracking_code from poll_ballots where poll_id = ${poll.id}`;
		await sqlDb.end();
		const storedCodes = new Set(codes.map((r) => r.tracking_code as string));
		const missing = trackingCodes(result).filter((c) => !storedCodes.has(c)).length;
		const good =
			ballots === result.accepted && votes === result.accepted && dupes === 0 && missing === 0;
		ok &&= good;
		checks.push(
			`${result.name}: acknowledged ${result.accepted}, stored ballots ${ballots}, votes ${votes}, duplicate ballots ${dupes}, acknowledged but missing ${missing} → ${good ? 'OK' : 'MISMATCH'}`
		);
	}
	await database.close();

	console.log(
		`\nVoting benchmark — ${CONCURRENCY} concurrent voters, pool ${POOL} connections, PostgreSQL at 127.0.0.1, ${process.platform} ${(await import('node:os')).cpus().length} cores\n`
	);
	console.log(
		'| run | requests | accepted | refused (status: n) | accepted votes/s | p50 ms | p99 ms | CPU ms per vote: server + database |'
	);
	console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
	for (const m of metered) console.log(`${resultRow(m.result)} ${cpuCell(m)} |`);
	const [base, accounts, anonymous, basePaced, paced] = results as [
		PhaseResult,
		PhaseResult,
		PhaseResult,
		PhaseResult,
		PhaseResult
	];
	const share = (r: PhaseResult) => rate(r) / rate(base);
	const pacedTail = paced.p99 / basePaced.p99;
	const flatTail = accounts.p99 / base.p99;
	console.log(`\ntargets (issue 20), machine load ${loadavg()[0]!.toFixed(1)} at the end:`);
	console.log(
		target(
			`${fmt(PACED_RATE)} votes/s offered, every vote accepted, p99 ≤ 3× the baseline's`,
			`${paced.accepted} of ${PACED_VOTES}, ${fmt(paced.p99, 1)} ms = ${fmt(pacedTail, 2)}×`,
			paced.accepted === PACED_VOTES && pacedTail <= 3
		)
	);
	console.log(
		target(
			`flat out (${CONCURRENCY} in flight), signed in: p99 ≤ 2× the baseline's`,
			`${fmt(flatTail, 2)}×`,
			flatTail <= 2
		)
	);
	console.log(
		target(
			"flat out, signed in: throughput ≥ 85% of the baseline's",
			`${fmt(share(accounts) * 100)}%`,
			share(accounts) >= 0.85
		)
	);
	console.log(
		target(
			"flat out, anonymous with proof of work: throughput ≥ 70% of the baseline's",
			`${fmt(share(anonymous) * 100)}%`,
			share(anonymous) >= 0.7
		)
	);
	console.log(
		`  CPU per vote flat out (server + database): signed in ${fmt(cpuPer(metered[1]!) / cpuPer(metered[0]!), 2)}×, anonymous ${fmt(cpuPer(metered[2]!) / cpuPer(metered[0]!), 2)}× the baseline's`
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
	client.close();
	await bench.drop();
}
