// Contest leaderboards and participation on real PostgreSQL, beside the same SQL run bare.
//
//   npm run bench:contests                       (1,000,000 attempts across 5,000 units)
//   BENCH_ATTEMPTS=200000 npm run bench:contests (smaller)
//
// Creates its own database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
// postgres), seeds it with generate_series (bench only: the app seeds through its services),
// times the app's code paths and the bare statements (postgres.js, no Drizzle) in the same run,
// prints p50/p95 and the ratios, and drops the database.
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { DEFAULT_TIE_BREAKS } from '../src/lib/shared/contests';
import type { Ctx } from '../src/lib/server/context';
import * as repo from '../src/lib/server/contests/repo';
import { getLeaderboard, participationReport } from '../src/lib/server/contests';
import { openDatabase } from '../src/lib/server/db/client';
import { loadActor } from '../src/lib/server/auth';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 1_000_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 5_000);
const DISTRICTS = 50;
const PLAYERS = Math.ceil(ATTEMPTS / 2); // two attempts each: the best one counts
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const name = `gs_bench_${process.pid}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const url = new URL(serverUrl);
url.pathname = `/${name}`;

function quantile(sorted: number[], q: number) {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function time(runs: number, work: () => Promise<unknown>) {
	await work(); // warm-up
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await work();
		samples.push(performance.now() - t);
	}
	samples.sort((a, b) => a - b);
	return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

await admin.unsafe(`create database ${name}`);
const database = await openDatabase({ engine: 'postgres', url: url.toString(), max: 4 });
const bare = postgres(url.toString(), { max: 4, onnotice: () => {} });
try {
	await database.migrate();
	const t0 = performance.now();
	// Units: a province, DISTRICTS districts, the rest grassroots units spread under them.
	await bare.unsafe(`
		insert into units (id, name, name_folded, code, kind, member_count, parent_id, path, depth)
		overriding system value
		select 1, 'Tỉnh đoàn', 'tinh doan', 'P', 'province', 0, null, '/1/', 0
		union all
		select g, 'Huyện ' || g, 'huyen ' || g, 'D' || g, 'district', 0, 1, '/1/' || g || '/', 1
		from generate_series(2, ${DISTRICTS + 1}) g
		union all
		select g, 'Cơ sở ' || g, 'co so ' || g, 'G' || g, 'grassroots', 150 + g % 200,
			2 + g % ${DISTRICTS}, '/1/' || (2 + g % ${DISTRICTS}) || '/' || g || '/', 2
		from generate_series(${DISTRICTS + 2}, ${UNITS}) g`);
	await bare.unsafe(`select setval(pg_get_serial_sequence('units', 'id'), ${UNITS})`);
	const [organizer] = await bare.unsafe<{ id: number }[]>(`
		insert into users (email, full_name, name_folded, unit_id, password_hash)
		values ('bench@example.vn', 'Bench', 'bench', 1, 'x') returning id`);
	const organizerId = organizer!.id;
	await bare.unsafe(
		`insert into role_assignments (user_id, role, unit_id) values (${organizerId}, 'organizer', 1)`
	);
	await bare.unsafe(`
		insert into contests (unit_id, unit_path, title, scope, prediction_kind, tie_breaks)
		values (1, '/1/', 'Bench', 'members', 'participants', '["correct","prediction","duration","submitted"]')`);
	// The round closed yesterday, so leaderboards are public.
	await bare.unsafe(`
		insert into contest_rounds (contest_id, number, title, opens_at, closes_at, question_count,
			time_limit_seconds, attempts_allowed, topics, difficulties, prediction_question, locked_at)
		values (1, 1, 'Tuần 1', now() - interval '8 days', now() - interval '1 day', 20, 900, 2,
			'[]', '[]', 'Bao nhiêu người?', now() - interval '8 days')`);
	const grassroots = UNITS - DISTRICTS - 1;
	await bare.unsafe(`
		insert into contest_players (contest_id, user_id, unit_id, unit_path, full_name, phone, id_number)
		select 1, null, u, '/1/' || (2 + u % ${DISTRICTS}) || '/' || u || '/', 'Người chơi ' || g,
			'09' || lpad(g::text, 8, '0'), lpad(g::text, 12, '0')
		from generate_series(1, ${PLAYERS}) g, lateral (select ${DISTRICTS + 2} + g % ${grassroots} as u) x`);
	await bare.unsafe(`
		insert into attempts (round_id, player_id, attempt_no, started_at, deadline, question_ids,
			option_orders, prediction, finished_at, correct_count, duration_ms)
		select 1, 1 + (g - 1) % ${PLAYERS}, 1 + (g - 1) / ${PLAYERS},
			now() - interval '7 days' + g * interval '1 ms', now() - interval '7 days' + g * interval '1 ms' + interval '15 minutes',
			'[]', '[]', (hashint % 2000000), now() - interval '7 days' + g * interval '1 ms' + (hashint % 900000) * interval '1 ms',
			(hashint / 7) % 21, hashint % 900000
		from generate_series(1, ${ATTEMPTS}) g, lateral (select abs(hashtext(g::text)) as hashint) h`);
	// What each submission maintains in the app: every player's best attempt.
	await bare.unsafe(`
		insert into round_entries (round_id, player_id, unit_id, unit_path, attempt_id, correct_count,
			prediction, duration_ms, finished_at)
		select distinct on (a.player_id) a.round_id, a.player_id, p.unit_id, p.unit_path, a.id,
			a.correct_count, a.prediction, a.duration_ms, a.finished_at
		from attempts a join contest_players p on p.id = a.player_id
		order by a.player_id, a.correct_count desc, a.duration_ms, a.finished_at`);
	// …and the score counts kept beside them in the same transaction.
	await bare.unsafe(`
		insert into round_score_counts (round_id, correct_count, shard, n)
		select round_id, correct_count, player_id % ${repo.SHARDS}, count(*)
		from round_entries where not voided group by 1, 2, 3`);
	await bare.unsafe('vacuum analyze');
	const seeded = (performance.now() - t0) / 1000;

	const ctx: Ctx = {
		db: database.db,
		actor: await loadActor(database.db, organizerId),
		now: new Date()
	};
	const dialect = new PgDialect({ casing: 'snake_case' });
	const run = (query: ReturnType<typeof repo.topOfRoundSql>) => {
		const { sql, params } = dialect.sqlToQuery(query);
		return () => bare.unsafe(sql, params as never[]);
	};
	const actual = await repo.actualFigure(database.db, { id: 1, questionCount: 20 }, 'participants');
	const farPlayer = Math.floor(PLAYERS * 0.9);

	const rows: [string, { p50: number; p95: number }, { p50: number; p95: number }][] = [];
	rows.push([
		'top-100 (repo, Drizzle)',
		await time(RUNS, () =>
			repo.topOfRound(database.db, 1, DEFAULT_TIE_BREAKS, actual, { limit: 100 })
		),
		await time(RUNS, run(repo.topOfRoundSql(1, DEFAULT_TIE_BREAKS, actual, { limit: 100 })))
	]);
	rows.push([
		'my rank, far down (repo)',
		await time(RUNS, () =>
			repo.rankOfPlayer(database.db, 1, farPlayer, DEFAULT_TIE_BREAKS, actual)
		),
		await time(RUNS, run(repo.rankOfPlayerSql(1, farPlayer, DEFAULT_TIE_BREAKS, actual)))
	]);
	// The previous statements (full sort / full count), kept as the reference the fast path is
	// tested against: what the score counts and per-score indexes save.
	rows.push([
		'top-100, full sort (reference)',
		await time(RUNS, () =>
			repo.fullTopOfRound(database.db, 1, DEFAULT_TIE_BREAKS, actual, { limit: 100 })
		),
		await time(RUNS, run(repo.fullTopSql(1, DEFAULT_TIE_BREAKS, actual, { limit: 100 })))
	]);
	rows.push([
		'my rank, full count (reference)',
		await time(RUNS, () =>
			repo.fullRankOfPlayer(database.db, 1, farPlayer, DEFAULT_TIE_BREAKS, actual)
		),
		await time(RUNS, run(repo.fullRankSql(1, farPlayer, DEFAULT_TIE_BREAKS, actual)))
	]);
	rows.push([
		'real figure for the prediction',
		await time(RUNS, () =>
			repo.actualFigure(database.db, { id: 1, questionCount: 20 }, 'participants')
		),
		await time(RUNS, () =>
			bare.unsafe(`select coalesce(sum(n), 0)::int as n from round_score_counts where round_id = 1`)
		)
	]);
	rows.push([
		'leaderboard page (service)',
		await time(Math.max(5, RUNS / 4), () => getLeaderboard(ctx, 1, { limit: 100 })),
		await time(Math.max(5, RUNS / 4), async () => {
			await run(repo.topOfRoundSql(1, DEFAULT_TIE_BREAKS, actual, { limit: 100 }))();
			await run(repo.rankOfPlayerSql(1, farPlayer, DEFAULT_TIE_BREAKS, actual))();
		})
	]);
	rows.push([
		'participation tree (service)',
		await time(Math.max(5, RUNS / 4), () => participationReport(ctx, 1, { roundId: 1 })),
		await time(Math.max(5, RUNS / 4), async () => {
			await run(repo.participantsByUnitSql(1, 1, '/1/'))();
			await bare.unsafe(
				`select id, name, code, path, depth, member_count from units where path like '/1/%' and archived_at is null order by path`
			);
		})
	]);

	console.log(
		`\nContests bench: ${ATTEMPTS.toLocaleString('en')} attempts, ${PLAYERS.toLocaleString('en')} players, ${UNITS.toLocaleString('en')} units (seeded in ${seeded.toFixed(1)} s), ${RUNS} runs\n`
	);
	console.log(
		`${'what'.padEnd(34)}${'app p50'.padStart(10)}${'app p95'.padStart(10)}${'bare p50'.padStart(10)}${'bare p95'.padStart(10)}  ratio p50`
	);
	for (const [label, app, base] of rows) {
		console.log(
			`${label.padEnd(34)}${ms(app.p50)}${ms(app.p95)}${ms(base.p50)}${ms(base.p95)}  ${(app.p50 / base.p50).toFixed(2)}×`
		);
	}
} finally {
	await bare.end({ timeout: 5 });
	await database.close();
	if (process.env.BENCH_KEEP === '1') console.log(`kept database ${name}`);
	else await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.end();
}
