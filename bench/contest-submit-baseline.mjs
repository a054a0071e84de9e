#!/usr/bin/env node
// The baseline for bench/contest-submit.ts: a bare node:http server doing the same writes as a
// submission (the answers in one statement, the attempt closed with its score, the player's round
// entry and score count) in one transaction with postgres.js and nothing else: no framework, no
// session or guest cookie, no validation, no question lookup.
import { createServer } from 'node:http';
import postgres from 'postgres';

const SHARDS = 16; // as SHARDS in src/lib/server/contests/repo.ts
const sql = postgres(process.env.DATABASE_URL, {
	max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
	onnotice: () => {},
	// Named like the app's connections, so the bench can add up their CPU time.
	connection: { TimeZone: 'UTC', application_name: `bench-baseline ${process.pid}` }
});

const server = createServer((req, res) => {
	if (req.method === 'GET') {
		res.end('ok');
		return;
	}
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', async () => {
		try {
			const attemptId = Number(req.url.split('/').pop());
			const body = JSON.parse(Buffer.concat(chunks).toString());
			const ids = `{${body.questionIds.map(Number).join(',')}}`;
			const done = await sql.begin(async (tx) => {
				const [attempt] =
					await tx`select id, finished_at from attempts where id = ${attemptId} for update`;
				if (!attempt || attempt.finished_at) return false;
				await tx`
					insert into attempt_answers (attempt_id, question_id, answer, saved_at, correct)
					select ${attemptId}, q, '[0]'::jsonb, now(), n <= ${Number(body.right)}
					from unnest(${ids}::int[]) with ordinality as t(q, n)
					on conflict (attempt_id, question_id) do update set
						answer = excluded.answer, correct = excluded.correct, saved_at = excluded.saved_at`;
				await tx`
					update attempts a set finished_at = now(), timed_out = false,
						duration_ms = (extract(epoch from (now() - a.started_at)) * 1000)::int,
						correct_count = (select count(*)::int from attempt_answers x where x.attempt_id = a.id and x.correct)
					where a.id = ${attemptId} and a.finished_at is null`;
				await tx`
					with src as (
						select a.round_id, a.player_id, p.unit_id, p.unit_path, a.id, a.correct_count, a.prediction,
							a.duration_ms, a.finished_at, a.voided
						from attempts a join contest_players p on p.id = a.player_id
						where a.id = ${attemptId} and a.finished_at is not null
					), old as (
						select e.round_id, e.player_id, e.correct_count, e.voided
						from round_entries e join src s on s.round_id = e.round_id and s.player_id = e.player_id
					), up as (
						insert into round_entries (round_id, player_id, unit_id, unit_path, attempt_id, correct_count,
							prediction, duration_ms, finished_at, voided)
						select round_id, player_id, unit_id, unit_path, id, correct_count, prediction, duration_ms,
							finished_at, voided from src
						on conflict (round_id, player_id) do update set
							attempt_id = excluded.attempt_id, correct_count = excluded.correct_count,
							prediction = excluded.prediction, duration_ms = excluded.duration_ms,
							finished_at = excluded.finished_at
						where excluded.correct_count > round_entries.correct_count
							or (excluded.correct_count = round_entries.correct_count
								and (excluded.duration_ms, excluded.finished_at) < (round_entries.duration_ms, round_entries.finished_at))
						returning round_id, player_id, correct_count, voided
					), delta as (
						select round_id, correct_count, player_id, 1 as d from up where not voided
						union all
						select o.round_id, o.correct_count, o.player_id, -1
						from old o join up u on u.round_id = o.round_id and u.player_id = o.player_id
						where not o.voided
					)
					insert into round_score_counts (round_id, correct_count, shard, n)
					select round_id, correct_count, pg_backend_pid() % ${SHARDS}, sum(d)::int from delta
					group by 1, 2, 3 having sum(d) <> 0 order by 1, 2, 3
					on conflict (round_id, correct_count, shard) do update set n = round_score_counts.n + excluded.n`;
				return true;
			});
			res.writeHead(done ? 303 : 409, done ? { location: `/done/${attemptId}` } : {});
			res.end();
		} catch (error) {
			res.writeHead(500);
			res.end(String(error));
		}
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
process.on('SIGTERM', () =>
	server.close(() => sql.end({ timeout: 2 }).then(() => process.exit(0)))
);
