// Personal data (docs/privacy.md) on the demo data: the retention job, the data download, the
// requests and their queue, and the audit of exports that name people. One seeded database.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentStatements, CONSENT_MISSING } from '$lib/shared/privacy';
import { TICKET_MIN_AGE_MS } from '../antiabuse/pow';
import { loadActor } from '../auth';
import { exportRoundLeaderboard } from '../contests';
import type { Database } from '../db/client';
import { rowsOf } from '../db/sql';
import { seedDemoIfEmpty } from '../demo/seed';
import { exportDownload } from '../http';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeUser, TEST_NOW } from '../testing/factories';
import { readXlsx, sheetRows } from '../testing/exports';
import { solvedProof } from '../testing/proof';
import { countingStatements } from '../testing/queries';
import { failure, statusOf } from '../testing/status';
import {
	carryOutRequest,
	downloadMyData,
	issueGuestRequestChallenge,
	issueGuestRequestTicket,
	listPrivacyRequests,
	myData,
	requestAboutMyData,
	requestAsGuest,
	runRetention
} from './index';
import { myDataBook } from './book';
import { guestRequestLimits } from './rules';

let database: Database;
/** When a person has filled the form: the page's ticket is good from then on. */
const later = new Date(TEST_NOW.getTime() + TICKET_MIN_AGE_MS);
const rows = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
	rowsOf<T>(await database.db.execute(query));

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db, TEST_NOW);
}, 300_000);
afterAll(async () => {
	await database?.close();
});

async function admin() {
	const [row] = await rows<{ id: number }>(
		sql`select id from users where email = 'quantri@guongsang.vn'`
	);
	return (await loadActor(database.db, row!.id))!;
}

/** Every row the retention job must leave alone, as text, for a before/after comparison. */
async function publicRecord() {
	const [r] = await rows<{ doc: string }>(sql`select jsonb_build_object(
		'players', (select jsonb_agg(jsonb_build_array(id, contest_id, full_name, unit_id, unit_path, voided_at) order by id) from contest_players),
		'entries', (select jsonb_agg(to_jsonb(e) order by round_id, player_id) from round_entries e),
		'winners', (select jsonb_agg(to_jsonb(w) order by round_id, player_id) from round_winners w),
		'decisions', (select jsonb_agg(to_jsonb(d) order by id) from award_decisions d),
		'recipients', (select jsonb_agg(to_jsonb(a) - 'email' order by id) from award_recipients a),
		'dossiers', (select jsonb_agg(jsonb_build_array(id, nominee - 'email', nominee_name, status) order by id) from nominations)
	)::text as doc`);
	return r!.doc;
}

describe('the retention job', () => {
	it('erases the contact columns of exactly the contests and campaigns past their period', async () => {
		// One contest and one campaign keep data a month; the rest the default twelve.
		const [contest] = await rows<{ id: number; end: Date }>(sql`
			select c.id, max(r.closes_at) as end from contests c join contest_rounds r on r.contest_id = c.id
			where exists (select 1 from contest_players p where p.contest_id = c.id and p.phone is not null)
			group by c.id order by c.id limit 1`);
		const [campaign] = await rows<{ id: number }>(sql`
			select c.id from campaigns c where exists (select 1 from campaign_phases p where p.campaign_id = c.id)
			order by c.id limit 1`);
		await database.db.execute(
			sql`update contests set retention_months = 1 where id = ${contest!.id}`
		);
		await database.db.execute(
			sql`update campaigns set retention_months = 1 where id = ${campaign!.id}`
		);
		// Give the chosen campaign's dossiers a contact address, so there is something to erase.
		await database.db
			.execute(sql`update nominations set nominee = nominee || '{"email":"hoso@example.vn"}'
			where nominee->>'kind' = 'individual'`);
		const [{ latest }] = (await rows<{ latest: Date }>(sql`select greatest(
			(select max(closes_at) from contest_rounds), (select max(ends_at) from campaign_phases)) as latest`)) as [
			{ latest: Date }
		];
		// Two months after everything ended: only the one-month periods have run out.
		const now = new Date(new Date(latest).getTime() + 62 * 86_400_000);
		const due = await rows<{ kind: string; id: number }>(sql`
			select 'contest' as kind, c.id from contests c
			where (select max(closes_at) from contest_rounds where contest_id = c.id) + make_interval(months => c.retention_months) <= ${now.toISOString()}::timestamptz
			union all
			select 'campaign', c.id from campaigns c
			where (select max(ends_at) from campaign_phases where campaign_id = c.id) + make_interval(months => c.retention_months) <= ${now.toISOString()}::timestamptz
			order by 1, 2`);
		// The SQL's answer is the oracle: the chosen ones, plus any that ended long before (the
		// demo's last year), and not the rest.
		expect(due).toContainEqual({ kind: 'campaign', id: campaign!.id });
		expect(due).toContainEqual({ kind: 'contest', id: contest!.id });
		const dueContests = due.filter((d) => d.kind === 'contest').map((d) => d.id);
		const dueCampaigns = due.filter((d) => d.kind === 'campaign').map((d) => d.id);
		const [{ n: contestCount }] = (await rows<{ n: number }>(
			sql`select count(*)::int as n from contests`
		)) as [{ n: number }];
		expect(dueContests.length).toBeLessThan(contestCount);
		const othersBefore = await rows(
			sql`select * from contest_players where contest_id not in ${dueContests} order by id`
		);
		const otherDossiersBefore = await rows(
			sql`select id, nominee from nominations where campaign_id not in ${dueCampaigns} order by id`
		);
		const heldBefore = await rows<{ n: number }>(
			sql`select count(*)::int as n from contest_players where contest_id in ${dueContests}`
		);
		const recordBefore = await publicRecord();

		const run = await runRetention(ctxFor(database, null, now), {});

		expect(run.contests.map((c) => c.id)).toEqual(dueContests);
		expect(run.campaigns.map((c) => c.id)).toEqual(dueCampaigns);
		const left = await rows(sql`select id from contest_players where contest_id in ${dueContests}
			and (phone is not null or id_number is not null or birth_date is not null or results_email is not null or guest_token_hash is not null)`);
		expect(left).toEqual([]);
		const names = await rows<{ n: number }>(sql`select count(*)::int as n from contest_players
			where contest_id in ${dueContests} and full_name <> '' and unit_id is not null`);
		expect(names[0]!.n).toBe(heldBefore[0]!.n);
		expect(
			await rows(
				sql`select id from nominations where campaign_id in ${dueCampaigns} and nominee ? 'email'`
			)
		).toEqual([]);
		expect(
			await rows(
				sql`select * from contest_players where contest_id not in ${dueContests} order by id`
			)
		).toEqual(othersBefore);
		expect(
			await rows(
				sql`select id, nominee from nominations where campaign_id not in ${dueCampaigns} order by id`
			)
		).toEqual(otherDossiersBefore);
		// Rankings, winners, decisions, award records (but their e-mail) and dossiers are intact.
		expect(await publicRecord()).toBe(recordBefore);
		const emails =
			await rows(sql`select a.id from award_recipients a join contest_players p on p.id = a.player_id
			where p.contest_id in ${dueContests} and a.email is not null`);
		expect(emails).toEqual([]);

		const audit = await rows<{ after: Record<string, unknown> }>(
			sql`select after from audit_log where action = 'privacy.retention'`
		);
		expect(audit).toHaveLength(1);
		expect(audit[0]!.after).toMatchObject({
			contests: dueContests.length,
			campaigns: dueCampaigns.length,
			contestIds: dueContests,
			campaignIds: dueCampaigns
		});
		// A second turn finds nothing due and writes no entry.
		const again = await runRetention(ctxFor(database, null, now), {});
		expect(again).toEqual({ contests: [], campaigns: [] });
		expect(
			await rows(sql`select id from audit_log where action = 'privacy.retention'`)
		).toHaveLength(1);
	});
});

describe('consent', () => {
	it('is recorded with the statement version when an account registers for a contest', async () => {
		const [open] = await rows<{ id: number; unit_id: number }>(sql`
			select c.id, c.unit_id from contests c where not c.draft and c.scope = 'public'
			and exists (select 1 from contest_rounds r where r.contest_id = c.id) order by c.id limit 1`);
		const person = await makeUser(database, { fullName: 'Lê Thị Đồng Ý', roles: [] });
		const { register } = await import('../contests');
		const input = {
			contestId: open!.id,
			fullName: 'Lê Thị Đồng Ý',
			phone: '0987000111',
			idNumber: '001099000111',
			unitId: open!.unit_id,
			wantsResults: false
		};
		const refused = await failure(register(ctxFor(database, person), input));
		expect(refused.status).toBe(400);
		expect(refused.fieldErrors.consent).toEqual([CONSENT_MISSING]);
		expect(await rows(sql`select id from contest_players where phone = '0987000111'`)).toEqual([]);
		await register(ctxFor(database, person), { ...input, consent: 'on' });
		const [row] = await rows<{ consent_version: string; consented_at: Date }>(sql`
			select consent_version, consented_at from contest_players where phone = '0987000111'`);
		expect(row!.consent_version).toBe(consentStatements.contest.version);
		expect(new Date(row!.consented_at).toISOString()).toBe(TEST_NOW.toISOString());
	});
});

describe('a person’s data', () => {
	it('holds every row about the person and nothing about anyone else', async () => {
		// The demo's busiest member: the account with the most registrations and ballots.
		const [who] = await rows<{ id: number }>(sql`
			select u.id from users u order by
			(select count(*) from contest_players p where p.user_id = u.id) + (select count(*) from poll_ballots b where b.user_id = u.id) desc, u.id limit 1`);
		const actor = (await loadActor(database.db, who!.id))!;
		const data = await downloadMyData(ctxFor(database, actor), { format: 'json' });
		const ids = (list: { id: number }[]) => list.map((r) => Number(r.id)).sort((a, b) => a - b);
		const sqlIds = async (q: ReturnType<typeof sql>) =>
			(await rows<{ id: number }>(q)).map((r) => Number(r.id)).sort((a, b) => a - b);
		expect(data.account.id).toBe(who!.id);
		expect(ids(data.contestRegistrations)).toEqual(
			await sqlIds(sql`select id from contest_players where user_id = ${who!.id}`)
		);
		expect(ids(data.contestAttempts)).toEqual(
			await sqlIds(
				sql`select a.id from attempts a join contest_players p on p.id = a.player_id where p.user_id = ${who!.id}`
			)
		);
		expect(ids(data.ballots)).toEqual(
			await sqlIds(sql`select id from poll_ballots where user_id = ${who!.id}`)
		);
		expect(ids(data.liveGames)).toEqual(
			await sqlIds(sql`select id from live_players where user_id = ${who!.id}`)
		);
		expect(ids(data.awards)).toEqual(
			await sqlIds(
				sql`select a.id from award_recipients a join contest_players p on p.id = a.player_id where p.user_id = ${who!.id}`
			)
		);
		expect(data.contestRegistrations.length + data.ballots.length).toBeGreaterThan(0);
		// No one else's phone, ID number or e-mail appears anywhere in the file.
		const text = JSON.stringify(data);
		const others = await rows<{ v: string }>(sql`
			select phone as v from contest_players where (user_id is distinct from ${who!.id}) and phone is not null
			union select id_number from contest_players where (user_id is distinct from ${who!.id}) and id_number is not null
			union select email from users where id <> ${who!.id}`);
		expect(others.filter((o) => text.includes(o.v))).toEqual([]);
		// The Excel file holds the same registrations, read back.
		const book = await readXlsx(myDataBook(data));
		const sheet = sheetRows(book.getWorksheet('Đăng ký dự thi')!, 2);
		expect(sheet.map((r) => r[1])).toEqual(data.contestRegistrations.map((r) => r.fullName));
		const audit = await rows<{ after: { rows: number } }>(
			sql`select after from audit_log where action = 'privacy.download' and entity_id = ${String(who!.id)}`
		);
		expect(audit).toHaveLength(1);
		// The page's own read is the same data, without an audit entry of its own.
		expect((await myData(ctxFor(database, actor))).contestRegistrations).toEqual(
			data.contestRegistrations
		);
	});
});

describe('requests about one’s data', () => {
	it('are queued, refused to others, confirmed, carried out and told by e-mail', async () => {
		const [player] = await rows<{ user_id: number; id: number }>(sql`
			select user_id, id from contest_players where user_id is not null and phone is not null order by id limit 1`);
		const owner = (await loadActor(database.db, player!.user_id))!;
		const [{ email: address }] = (await rows<{ email: string }>(
			sql`select email from users where id = ${owner.id}`
		)) as [{ email: string }];
		const request = await requestAboutMyData(ctxFor(database, owner), {
			kind: 'delete',
			message: 'Xin xoá.'
		});
		const boss = await admin();
		const queue = await listPrivacyRequests(ctxFor(database, boss));
		const queued = queue.find((r) => r.id === request.id)!;
		expect(queued.status).toBe('pending');
		expect(queued.registrations.map((r) => r.id)).toContain(player!.id);
		expect(
			await statusOf(carryOutRequest(ctxFor(database, owner), { requestId: request.id }))
		).toBe(403);
		const confirmation = await carryOutRequest.confirmation(ctxFor(database, boss), {
			requestId: request.id
		});
		expect(confirmation!.summary).toContain(`${queued.registrations.length} lượt đăng ký dự thi`);
		const recordBefore = await rows(
			sql`select id, name, unit_name, kind, certificate_code from award_recipients order by id`
		);

		await carryOutRequest(ctxFor(database, boss), { requestId: request.id, note: '' });

		const [user] = await rows<Record<string, unknown>>(
			sql`select email, full_name, phone, password_hash, active, erased_at from users where id = ${owner.id}`
		);
		expect(user).toMatchObject({ phone: null, password_hash: null, active: false });
		expect(user!.email).not.toBe(address);
		expect(
			await rows(
				sql`select id from contest_players where user_id = ${owner.id} and (phone is not null or id_number is not null)`
			)
		).toEqual([]);
		expect(await rows(sql`select id from poll_ballots where user_id = ${owner.id}`)).toEqual([]);
		expect(await rows(sql`select id from sessions where user_id = ${owner.id}`)).toEqual([]);
		expect(
			await rows(
				sql`select id, name, unit_name, kind, certificate_code from award_recipients order by id`
			)
		).toEqual(recordBefore);
		const mail = await rows<{ to_address: string }>(
			sql`select to_address from mail_outbox where kind = 'privacy_request'`
		);
		expect(mail.map((m) => m.to_address)).toEqual([address]);
		expect(
			await statusOf(
				carryOutRequest(ctxFor(database, boss), { requestId: request.id, confirmed: '1' })
			)
		).toBe(409);
	});

	it('from a guest, by the registered phone: the office erases every registration with it', async () => {
		// Two guest registrations with one phone, in two contests (arranged below the seals).
		await database.db.execute(sql`
			insert into contest_players (contest_id, unit_id, unit_path, full_name, phone, id_number, guest_token_hash)
			select c.id, u.id, u.path, 'Khách Xin Xoá', '0966000777', null, 'token-' || c.id
			from (select id from contests order by id limit 2) c, (select id, path from units order by id limit 1) u`);
		const guest = { phone: '0966000777', full_name: 'Khách Xin Xoá' };
		const request = await requestAsGuest(ctxFor(database, null, later), {
			kind: 'delete',
			fullName: guest.full_name,
			phone: guest.phone,
			email: 'khach@example.vn',
			message: '',
			ticket: await issueGuestRequestTicket(ctxFor(database, null)),
			address: '198.51.100.1'
		});
		const ids = (
			await rows<{ id: number }>(sql`select id from contest_players where phone = ${guest.phone}`)
		).map((r) => r.id);
		const others = await rows(
			sql`select * from contest_players where id not in ${ids} order by id`
		);
		await carryOutRequest(ctxFor(database, await admin()), {
			requestId: request.id,
			note: 'Đã gọi xác minh.'
		});
		expect(await rows(sql`select id from contest_players where phone = ${guest.phone}`)).toEqual(
			[]
		);
		expect(
			await rows(sql`select id from contest_players where id in ${ids} and full_name <> ''`)
		).toHaveLength(ids.length);
		expect(
			await rows(sql`select * from contest_players where id not in ${ids} order by id`)
		).toEqual(others);
		const mail = await rows<{ to_address: string }>(
			sql`select to_address from mail_outbox where kind = 'privacy_request' order by id`
		);
		expect(mail.at(-1)!.to_address).toBe('khach@example.vn');
	});
});

describe('a guest’s request, sent by anyone', () => {
	const guestForm = {
		kind: 'delete',
		fullName: 'Khách Chống Gian Lận',
		phone: '0977000111',
		email: 'khach2@example.vn',
		message: 'Xin xoá.'
	} as const;
	const filed = async () =>
		(
			await rows<{ n: number }>(
				sql`select count(*)::int as n from privacy_requests where full_name = ${guestForm.fullName}`
			)
		)[0]!.n;

	it('needs a proof of work, or without JavaScript the page’s ticket, each good once', async () => {
		const address = '198.51.100.20';
		const before = await filed();
		const send = (offer: { altcha?: string; ticket?: string }, now = TEST_NOW) =>
			requestAsGuest(ctxFor(database, null, now), { ...guestForm, ...offer, address });

		const bare = await failure(send({}));
		expect(bare.status).toBe(400);
		expect(bare.fieldErrors.altcha?.[0]).toMatch(/xác minh/);
		const ticket = await issueGuestRequestTicket(ctxFor(database, null));
		// A script posting the page at once is refused; a person a few seconds later is not.
		expect((await failure(send({ ticket }))).fieldErrors.altcha?.[0]).toContain('chờ vài giây');
		expect(await filed()).toBe(before);

		const altcha = await solvedProof(await issueGuestRequestChallenge(ctxFor(database, null)));
		const request = await send({ altcha });
		expect(request).toMatchObject({ kind: 'delete', phone: guestForm.phone, status: 'pending' });
		expect((await failure(send({ altcha }))).status).toBe(400);
		await send({ ticket }, later);
		expect((await failure(send({ ticket }, later))).status).toBe(400);
		expect(await filed()).toBe(before + 2);
	});

	it('from one address, up to its hourly allowance; beyond it refused and nothing stored', async () => {
		const address = '198.51.100.30';
		const before = await filed();
		const send = async (from: string, now = later) =>
			requestAsGuest(ctxFor(database, null, now), {
				...guestForm,
				// The page was served a few seconds before.
				ticket: await issueGuestRequestTicket(
					ctxFor(database, null, new Date(now.getTime() - TICKET_MIN_AGE_MS))
				),
				address: from
			});
		for (let i = 0; i < guestRequestLimits.lockAfter; i++) await send(address);
		expect(await filed()).toBe(before + guestRequestLimits.lockAfter);
		const refused = await failure(send(address));
		expect(refused.status).toBe(429);
		expect(refused.message).toContain('Vui lòng thử lại sau');
		expect(await filed()).toBe(before + guestRequestLimits.lockAfter);
		// Another address is not held back; this one may send again once the hour is over.
		await send('198.51.100.31');
		const nextHour = new Date(later.getTime() + guestRequestLimits.lockMs);
		expect(await statusOf(send(address, new Date(nextHour.getTime() - 1000)))).toBe(429);
		await send(address, nextHour);
		expect(await filed()).toBe(before + guestRequestLimits.lockAfter + 2);
	});
});

describe('the administrators’ queue', () => {
	/** What the queue page shows, read straight from the tables: the oracle. */
	async function queueFromTables() {
		const requests = await rows<Record<string, unknown> & { id: number }>(sql`
			select id, kind, status, user_id as "userId", full_name as "fullName", phone, email, message,
				created_at as "createdAt", handled_at as "handledAt", outcome
			from privacy_requests`);
		const players = await rows<
			Record<string, unknown> & { userId: number | null; phone: string | null }
		>(sql`
			select p.id, p.contest_id as "contestId", c.title as "contestTitle", p.unit_path as "unitPath",
				p.full_name as "fullName", p.user_id as "userId", p.phone
			from contest_players p join contests c on c.id = p.contest_id order by p.id`);
		return requests.map((r) => ({
			...r,
			createdAt: new Date(r.createdAt as string),
			handledAt: r.handledAt ? new Date(r.handledAt as string) : null,
			registrations:
				r.status !== 'pending'
					? []
					: players
							.filter((p) =>
								r.userId ? p.userId === r.userId : r.phone !== null && p.phone === r.phone
							)
							.map(({ userId: _u, phone: _p, ...p }) => p)
		}));
	}

	async function queueRead() {
		const counting = countingStatements(database.db);
		const queue = await listPrivacyRequests({
			...ctxFor(database, await admin()),
			db: counting.db
		});
		return { queue, statements: counting.count() };
	}

	it('lists every request with the registrations it concerns, in a fixed number of queries', async () => {
		// Guests by phone, each registered in two contests (arranged below the seals), and
		// accounts with registrations: all pending.
		await database.db.execute(sql`
			insert into contest_players (contest_id, unit_id, unit_path, full_name, phone, guest_token_hash)
			select c.id, u.id, u.path, 'Khách ' || g.n, '096800000' || g.n, 'hang-doi-' || g.n || '-' || c.id
			from (select id from contests order by id limit 2) c, (select id, path from units order by id limit 1) u,
				generate_series(1, 3) g(n)`);
		const guests = [1, 2, 3].map((n) => ({ phone: `096800000${n}` }));
		const accounts = await rows<{ user_id: number }>(sql`
			select user_id from contest_players where user_id is not null
			group by user_id order by user_id limit 2`);
		expect(guests.length + accounts.length).toBeGreaterThanOrEqual(4);
		const file = (who: { userId: number | null; phone: string | null }, i: number) =>
			database.db
				.execute(sql`insert into privacy_requests (kind, user_id, full_name, phone, email, message, created_at)
				values ('delete', ${who.userId}, ${`Người yêu cầu ${i}`}, ${who.phone}, ${who.userId ? null : `khach${i}@example.vn`}, ${`Lời nhắn ${i}`}, ${new Date(TEST_NOW.getTime() + i * 60_000).toISOString()}::timestamptz)`);
		const who = [
			...guests.map((g) => ({ userId: null, phone: g.phone })),
			...accounts.map((a) => ({ userId: a.user_id, phone: null }))
		];
		await file(who[0]!, 0);
		const few = await queueRead();
		for (const [i, w] of who.slice(1).entries()) await file(w, i + 1);
		const many = await queueRead();

		const byId = <T extends { id: unknown }>(list: T[]) =>
			[...list].sort((a, b) => Number(a.id) - Number(b.id));
		expect(byId(many.queue)).toEqual(byId(await queueFromTables()));
		const pending = many.queue.filter((r) => r.status === 'pending');
		expect(pending.length).toBeGreaterThanOrEqual(who.length);
		expect(pending.filter((r) => r.registrations.length > 0).length).toBeGreaterThanOrEqual(
			who.length
		);
		// More requests, the same number of statements.
		expect(many.statements).toBe(few.statements);
		expect(many.statements).toBeLessThanOrEqual(2);
	});
});

describe('exports naming people', () => {
	it('write one audit entry with who, what and how many rows, in the one download path', async () => {
		const [round] = await rows<{ id: number; contest_id: number }>(sql`
			select r.id, r.contest_id from contest_rounds r where exists (select 1 from round_entries e where e.round_id = r.id) order by r.id limit 1`);
		const boss = await admin();
		const file = await exportDownload(ctxFor(database, boss), 'xlsx', (ctx) =>
			exportRoundLeaderboard(ctx, round!.contest_id, round!.id)
		);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(file.body.slice().buffer);
		const lines = sheetRows(workbook.worksheets[0]!);
		const [entry] = await rows<{ actor_id: number; after: { rows: number; file: string } }>(sql`
			select actor_id, after from audit_log where action = 'export.personal_data' order by id desc limit 1`);
		expect(entry!.actor_id).toBe(boss.id);
		expect(entry!.after.file).toBe(file.filename);
		const [{ n }] = (await rows<{ n: number }>(
			sql`select count(*)::int as n from round_entries where round_id = ${round!.id} and not voided`
		)) as [{ n: number }];
		expect(entry!.after.rows).toBe(n);
		expect(lines.length).toBeGreaterThan(n);
	});
});

// Last in the file: it lets every retention period run out.
describe('the retention job on several nodes', () => {
	it('does the work once when two runs start at the same moment', async () => {
		const [{ latest }] = (await rows<{ latest: Date }>(sql`select greatest(
			(select max(closes_at) from contest_rounds), (select max(ends_at) from campaign_phases)) as latest`)) as [
			{ latest: Date }
		];
		// Long after everything ended: every contest and campaign not yet erased is due.
		const now = new Date(new Date(latest).getTime() + 11 * 365 * 86_400_000);
		// Every contest and campaign due again, as if none had been erased yet.
		await database.db.execute(sql`update contests set personal_data_erased_at = null`);
		await database.db.execute(sql`update campaigns set personal_data_erased_at = null`);
		const due = await rows<{ id: number }>(
			sql`select id from contests where personal_data_erased_at is null and exists (select 1 from contest_rounds r where r.contest_id = contests.id) order by id`
		);
		expect(due.length).toBeGreaterThan(1);
		const entriesBefore = await rows(
			sql`select id from audit_log where action = 'privacy.retention'`
		);

		// Two nodes' schedules firing together, each on its own connection.
		const runs = await Promise.all([
			runRetention(ctxFor(database, null, now), {}),
			runRetention(ctxFor(database, null, now), {})
		]);

		const erased = runs.flatMap((run) => run.contests.map((c) => c.id));
		expect(erased).toEqual(due.map((d) => d.id));
		expect(runs.filter((run) => run.contests.length > 0)).toHaveLength(1);
		const entries = await rows(sql`select id from audit_log where action = 'privacy.retention'`);
		expect(entries).toHaveLength(entriesBefore.length + 1);
	});
});
