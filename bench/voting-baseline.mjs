#!/usr/bin/env node
// The baseline for bench/voting.ts: a bare node:http server doing the same vote insert (the
// ballot and its votes in one statement, inside a transaction, unique keys deciding) with
// postgres.js and nothing else: no framework, no session, no proof of work.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL, {
	max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
	onnotice: () => {},
	// Named like the app's connections, so the bench can add up their CPU time.
	connection: { TimeZone: 'UTC', application_name: `bench-baseline ${process.pid}` }
});
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const code = () => {
	const b = randomBytes(8);
	let s = '';
	for (let i = 0; i < 8; i++) s += ALPHABET[b[i] % ALPHABET.length];
	return `${s.slice(0, 4)}-${s.slice(4)}`;
};

const server = createServer((req, res) => {
	if (req.method === 'GET') {
		res.end('ok');
		return;
	}
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', async () => {
		try {
			const pollId = Number(req.url.split('/').pop());
			const body = JSON.parse(Buffer.concat(chunks).toString());
			const voterKey = String(req.headers['x-voter']);
			const trackingCode = code();
			const options = `{${body.optionIds.map(Number).join(',')}}`;
			const rows = await sql.begin(
				(tx) => tx`
				with ballot as (
					insert into poll_ballots (poll_id, max_choices, daily_voting, voter_key, period, tracking_code, cast_at)
					values (${pollId}, 1, false, ${voterKey}, 'all', ${trackingCode}, now())
					on conflict (poll_id, voter_key, period) do nothing
					returning id, poll_id, max_choices
				), votes as (
					insert into poll_votes (ballot_id, poll_id, max_choices, slot, option_id)
					select ballot.id, ballot.poll_id, ballot.max_choices, chosen.slot, chosen.option_id
					from ballot, unnest(${options}::int[]) with ordinality as chosen(option_id, slot)
				)
				select id from ballot`
			);
			const status = rows.length ? 201 : 409;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(rows.length ? { trackingCode } : { message: 'already voted' }));
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
