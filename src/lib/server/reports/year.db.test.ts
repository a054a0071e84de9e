// The year-end report against the database, figure by figure, on a year of the demo's work
// (campaigns, a contest of two rounds, two games played, polls, decisions, checked
// certificates); then its Word document and Excel appendix read back against the report.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearReportSchema } from '$lib/schemas/reports';
import { awardLabel } from '$lib/shared/awards';
import { vietnamDay } from '$lib/shared/datetime';
import { formatCell, formatNumber } from '$lib/shared/format';
import { loadActor } from '../auth';
import type { Actor } from '../auth/actor';
import { honourRoll } from '../awards';
import { participationReport } from '../contests';
import type { Database } from '../db/client';
import { units, users } from '../db/schema';
import { seedDemoIfEmpty } from '../demo';
import { getGameReport, stopLiveHub } from '../live';
import { createTestDatabase } from '../testing/database';
import { paragraphs, docxPart, tables } from '../testing/docx';
import { readXlsx, sheetRows } from '../testing/exports';
import { ctxFor, TEST_NOW } from '../testing/factories';
import { statusOf } from '../testing/status';
import { getManagedPoll } from '../voting';
import { campaignReport } from './service';
import { yearReport, yearReportAppendix, yearReportDocument, type YearReport } from './year';
import { yearTables } from './year-tables';

let database: Database;
const actors: Record<string, Actor> = {};
const unitIds: Record<string, number> = {};

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoIfEmpty(database.db, TEST_NOW);
	for (const u of await database.db.select().from(units)) unitIds[u.code] = u.id;
	for (const email of ['quantri', 'tochuc', 'huyendoan', 'canbo']) {
		const [user] = await database.db
			.select()
			.from(users)
			.where(eq(users.email, `${email}@guongsang.vn`));
		actors[email] = (await loadActor(database.db, user!.id))!;
	}
}, 120_000);
afterAll(async () => {
	await stopLiveHub();
	await database?.close();
});

const choice = (code: string, period: { year?: number; from?: string; to?: string }) =>
	yearReportSchema.parse({ unitId: unitIds[code], ...period });
const ctxOf = (who: string) => ctxFor(database, actors[who]!);

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
	const result = await database.db.execute(query);
	return ((result as { rows?: T[] }).rows ?? (result as unknown as T[])).map((r) => ({ ...r }));
}

/** The period's bounds as instants: Vietnamese days, the end day included. */
const bounds = (from: string, to: string) =>
	[
		`${from}T00:00:00+07:00`,
		new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000).toISOString()
	] as const;

/** Every figure of the report, counted again straight from the tables. */
async function expectFiguresOfDatabase(r: YearReport, code: string) {
	const [root] = await rows<{ path: string; depth: number; members: number }>(
		sql`select path, depth, member_count as members from units where code = ${code}`
	);
	const { path } = root!;
	const [start, end] = bounds(r.period.from, r.period.to);
	const within = `${path}%`;

	const campaigns = await rows<{ id: number; status: string; n: number }>(sql`
		select c.id, n.status, count(n.id)::int as n
		from campaigns c join units o on o.id = c.organizing_unit_id
		left join (nominations n join units u on u.id = n.nominating_unit_id
			and u.path like ${within}) on n.campaign_id = c.id and n.status <> 'draft'
		where c.status <> 'draft' and (o.path like ${within} or ${path} like o.path || '%')
			and exists (select 1 from campaign_phases p where p.campaign_id = c.id
				and p.starts_at < ${end}::timestamptz and p.ends_at > ${start}::timestamptz)
		group by c.id, n.status`);
	expect(r.campaigns.map((c) => c.id).sort()).toEqual(
		[...new Set(campaigns.map((c) => c.id))].sort()
	);
	for (const c of r.campaigns) {
		const mine = campaigns.filter((x) => x.id === c.id && x.status);
		expect(c.total).toBe(mine.reduce((n, x) => n + x.n, 0));
		for (const x of mine) expect(c.byStatus[x.status as keyof typeof c.byStatus]).toBe(x.n);
	}
	const ids = r.campaigns.map((c) => c.id);
	const levels = await rows<{ level: number; n: number }>(sql`
		select u.depth - ${root!.depth} + 1 as level, count(*)::int as n
		from nominations n join units u on u.id = n.nominating_unit_id
		where n.status <> 'draft' and u.path like ${within}
			and n.campaign_id = any(${`{${ids.join(',')}}`}::int[])
		group by 1 order by 1`);
	expect(r.dossiers.byLevel.map((l) => [l.key, l.total])).toEqual(
		levels.map((l) => [Number(l.level), l.n])
	);
	expect(r.dossiers.total).toBe(levels.reduce((n, l) => n + l.n, 0));

	const awardScope = sql`
		from award_recipients a join award_decisions d on d.id = a.decision_id
		join units du on du.id = d.unit_id left join units ru on ru.id = a.unit_id
		where coalesce(ru.path, du.path) like ${within}
			and d.decided_on between ${r.period.from}::date and ${r.period.to}::date`;
	const kinds = await rows<{ kind: string; custom: string | null; type: string; n: number }>(sql`
		select a.kind, a.custom_kind as custom, a.type, count(*)::int as n ${awardScope}
			and a.revoked_at is null group by 1, 2, 3`);
	const expected = new Map<string, { individual: number; collective: number }>();
	for (const k of kinds) {
		const label = awardLabel(k.kind as never, k.custom);
		const row = expected.get(label) ?? { individual: 0, collective: 0 };
		row[k.type as 'individual'] += k.n;
		expected.set(label, row);
	}
	expect(
		Object.fromEntries(r.awards.byKind.map((k) => [k.label, [k.individual, k.collective]]))
	).toEqual(
		Object.fromEntries([...expected].map(([label, v]) => [label, [v.individual, v.collective]]))
	);
	const [certificates] = await rows<{ issued: number; revoked: number }>(sql`
		select count(*)::int as issued, count(a.revoked_at)::int as revoked ${awardScope}`);
	const [checks] = await rows<{ checks: number; n: number }>(sql`
		select coalesce(sum(v.checks), 0)::int as checks, count(distinct v.recipient_id)::int as n
		from award_verifications v join award_recipients a on a.id = v.recipient_id
		join award_decisions d on d.id = a.decision_id join units du on du.id = d.unit_id
		left join units ru on ru.id = a.unit_id
		where coalesce(ru.path, du.path) like ${within}
			and v.day between ${r.period.from}::date and ${r.period.to}::date`);
	expect(r.awards.certificates).toEqual({
		issued: certificates!.issued,
		revoked: certificates!.revoked,
		checks: checks!.checks,
		checkedCertificates: checks!.n
	});

	for (const c of r.contests) {
		const [counted] = await rows<{ n: number }>(sql`
			select count(distinct p.id)::int as n from contest_players p
			join contests k on k.id = p.contest_id
			where p.contest_id = ${c.id} and p.voided_at is null
				and p.unit_path like case when k.unit_path like ${within} then k.unit_path else ${path} end || '%'
				and exists (select 1 from round_entries e where e.player_id = p.id)`);
		expect(c.participants).toBe(counted!.n);
	}
	const games = await rows<{ id: number; players: number }>(sql`
		select g.id, (select count(*)::int from live_players p where p.game_id = g.id) as players
		from live_games g where g.unit_path like ${within}
			and g.started_at >= ${start}::timestamptz and g.started_at < ${end}::timestamptz
		order by g.started_at, g.id`);
	expect(r.games.map((g) => [g.id, g.players])).toEqual(games.map((g) => [g.id, g.players]));
	const polls = await rows<{ id: number; ballots: number; votes: number }>(sql`
		select p.id,
			(select count(*)::int from poll_ballots b where b.poll_id = p.id and b.voided_at is null) as ballots,
			(select count(*)::int from poll_votes v join poll_ballots b on b.id = v.ballot_id
				where v.poll_id = p.id and b.voided_at is null) as votes
		from polls p join units u on u.id = p.unit_id
		where u.path like ${within} and p.opens_at < ${end}::timestamptz and p.closes_at > ${start}::timestamptz
		order by p.opens_at, p.id`);
	expect(r.polls.map((p) => [p.id, p.ballots, p.votes]).sort((a, b) => a[0]! - b[0]!)).toEqual(
		polls.map((p) => [p.id, p.ballots, p.votes]).sort((a, b) => a[0]! - b[0]!)
	);
}

describe('the year-end report', () => {
	let province: YearReport;

	it('counts every section of the demo year as the database holds it', async () => {
		province = await yearReport(ctxOf('tochuc'), choice('TDGS', { year: 2026 }));
		expect(province.campaigns.length).toBeGreaterThanOrEqual(2);
		expect(province.contests.find((c) => c.rounds === 2)?.participants).toBeGreaterThan(0);
		expect(province.games).toHaveLength(2);
		expect(province.polls.some((p) => p.ballots > 0)).toBe(true);
		expect(province.awards.honoured.total).toBeGreaterThan(0);
		expect(province.awards.certificates.checks).toBeGreaterThan(0);
		await expectFiguresOfDatabase(province, 'TDGS');
	});

	it('gives the same figures as the pages they come from', async () => {
		const ctx = ctxOf('tochuc');
		for (const c of province.campaigns) {
			const page = await campaignReport(ctx, c.id);
			expect(page.total).toBe(c.total);
			for (const s of page.byStatus) expect(c.byStatus[s.status]).toBe(s.n);
		}
		for (const c of province.contests) {
			const page = await participationReport(ctx, c.id);
			expect(page.rows[0]).toMatchObject({ participants: c.participants, share: c.share });
			expect(page.rankings.byRate).toEqual(c.byRate);
		}
		for (const p of province.polls) {
			const page = await getManagedPoll(ctx, p.id);
			expect(page.results.counted).toBe(p.ballots);
		}
		for (const g of province.games) {
			const page = await getGameReport(ctx, g.code);
			expect(page.order).toHaveLength(g.players);
			expect(page.order.filter((o) => o.winner).map((o) => o.name)).toEqual(g.winners);
		}
		const roll = await honourRoll(database.db, {
			q: '',
			year: 2026,
			unit: unitIds.TDGS,
			field: '',
			kind: undefined,
			page: 1
		});
		expect(roll.rows).toHaveLength(province.awards.honoured.total);
	});

	it('writes the Word document in the administrative form, every table as the report has it', async () => {
		const { bytes, filename } = await yearReportDocument(
			ctxOf('tochuc'),
			choice('TDGS', { year: 2026 })
		);
		expect(filename).toBe('bao-cao-nam-2026-TDGS.docx');
		const document = await docxPart(bytes, 'word/document.xml');
		const styles = await docxPart(bytes, 'word/styles.xml');
		expect(styles).toContain('w:ascii="Times New Roman"');
		const text = paragraphs(document);
		for (const line of [
			'TỈNH ĐOÀN GƯƠNG SÁNG',
			'Số: …-BC/TDGS',
			'ĐOÀN TNCS HỒ CHÍ MINH',
			'Gương Sáng, ngày 01 tháng 12 năm 2026',
			'BÁO CÁO',
			'I. CÔNG TÁC PHÁT HIỆN, BỒI DƯỠNG VÀ TUYÊN DƯƠNG ĐIỂN HÌNH',
			'II. CÁC CUỘC THI TRỰC TUYẾN',
			'III. HỘI THI RUNG CHUÔNG VÀNG',
			'IV. BÌNH CHỌN TRỰC TUYẾN',
			'V. GIẤY CHỨNG NHẬN',
			'VI. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG',
			'TM. BAN THƯỜNG VỤ'
		])
			expect(text).toContain(line);
		const accepted = province.dossiers.byStatus.find((s) => s.status === 'accepted')!.n;
		expect(text.join('\n')).toContain(
			`các đơn vị trực thuộc gửi ${formatNumber(province.dossiers.total)} hồ sơ đề cử, ${formatNumber(accepted)} hồ sơ được thẩm định đạt`
		);
		const c = province.awards.certificates;
		expect(text.join('\n')).toContain(
			`Cấp ${formatNumber(c.issued)} giấy chứng nhận (${formatNumber(c.revoked)} đã thu hồi); giấy chứng nhận được tra cứu xác minh ${formatNumber(c.checks)} lượt`
		);
		// The two layout tables (header, signature) and one per report table, in the report's order.
		const found = tables(document);
		const t = yearTables(province);
		const expected = [
			t.campaigns,
			t.byLevel,
			t.byCategory,
			t.awards,
			t.contests,
			...t.contestRankings,
			t.games,
			t.polls
		].filter((x) => x.rows.length > 0);
		expect(found).toHaveLength(expected.length + 2);
		for (const [i, table] of expected.entries()) {
			const grid = found[i + 1]!;
			expect(grid[0]).toEqual(table.columns.map((col) => col.header));
			expect(grid.slice(1)).toEqual(
				table.rows.map((row) => row.map((cell, k) => formatCell(table.columns[k]!.kind, cell)))
			);
			expect(text).toContain(table.caption);
		}
	});

	it('puts every table and the list of people honoured in the Excel appendix', async () => {
		const book = await yearReportAppendix(ctxOf('tochuc'), choice('TDGS', { year: 2026 }));
		expect(book.filename).toBe('bao-cao-nam-2026-TDGS-phu-luc');
		const workbook = await readXlsx(book);
		const t = yearTables(province);
		for (const table of [t.campaigns, t.byLevel, t.byCategory, t.awards, t.contests, t.games]) {
			const sheet = workbook.getWorksheet(table.name)!;
			const [title, header, ...body] = sheetRows(sheet);
			expect(title![0]).toBe(table.caption);
			expect(header).toEqual(table.columns.map((c) => c.header));
			expect(body.map((row) => row.map((v) => (v instanceof Date ? 'date' : v)))).toEqual(
				table.rows.map((row) => row.map((v) => (v instanceof Date ? 'date' : v)))
			);
		}
		const list = sheetRows(workbook.getWorksheet('Danh sách khen thưởng')!).slice(2);
		const people = await rows<{ name: string; number: string }>(sql`
			select a.name, d.number from award_recipients a join award_decisions d on d.id = a.decision_id
			join units du on du.id = d.unit_id left join units ru on ru.id = a.unit_id
			where a.revoked_at is null and coalesce(ru.path, du.path) like (select path from units where code = 'TDGS') || '%'
				and d.decided_on between '2026-01-01' and '2026-12-31'
			order by d.decided_on, d.id, a.rank, a.id`);
		expect(list.map((r) => [r[0], r[4]])).toEqual(people.map((p) => [p.name, p.number]));
		const certificates = sheetRows(workbook.getWorksheet('Giấy chứng nhận')!).slice(2);
		expect(certificates.map((r) => r[1])).toEqual([
			province.awards.certificates.issued,
			province.awards.certificates.revoked,
			province.awards.certificates.checks,
			province.awards.certificates.checkedCertificates
		]);
	});

	it('for a district counts only its own units, against its own members', async () => {
		const district = await yearReport(ctxOf('huyendoan'), choice('HD-DONGANH', { year: 2026 }));
		await expectFiguresOfDatabase(district, 'HD-DONGANH');
		expect(district.games.map((g) => g.title)).toEqual(['Rung chuông vàng — Tuổi trẻ Đông Anh']);
		expect(district.contests.every((c) => c.members === 12480)).toBe(true);
		// The district's own collective award, typed without a unit, belongs to the district.
		expect(district.awards.byKind.find((k) => k.label === 'Giấy khen')?.collective).toBe(2);
		expect(district.parentName).toBe('Tỉnh đoàn Gương Sáng');
		// Nobody reads a report above or beside their reach.
		expect(await statusOf(yearReport(ctxOf('huyendoan'), choice('TDGS', { year: 2026 })))).toBe(
			404
		);
		expect(
			await statusOf(yearReport(ctxOf('huyendoan'), choice('HD-SOCSON', { year: 2026 })))
		).toBe(404);
		expect(await statusOf(yearReport(ctxOf('canbo'), choice('XD-XUANNON', { year: 2026 })))).toBe(
			404
		);
	});

	it('takes any period, its last day included', async () => {
		const days = (from: string, to: string) =>
			yearReport(ctxOf('quantri'), choice('TDGS', { from, to }));
		const november = await days('2026-11-01', '2026-11-30');
		expect(november.period.label).toBe('từ ngày 01/11/2026 đến ngày 30/11/2026');
		await expectFiguresOfDatabase(november, 'TDGS');
		const firstGameDay = vietnamDay(province.games[0]!.startedAt);
		const justAfter = await days(firstGameDay, firstGameDay);
		expect(justAfter.games.map((g) => g.id)).toEqual([province.games[0]!.id]);
		const before = new Date(Date.parse(firstGameDay) - 86_400_000).toISOString().slice(0, 10);
		expect((await days(before, before)).games).toEqual([]);
		expect(
			yearReportSchema.safeParse({ unitId: 1, from: '2026-11-30', to: '2026-11-01' }).error
				?.issues[0]?.message
		).toBe('Đến ngày phải sau từ ngày.');
		expect(
			yearReportSchema.safeParse({ unitId: 1, from: '01/11/2026' }).error?.issues[0]
		).toMatchObject({ path: ['to'], message: 'Vui lòng nhập cả từ ngày và đến ngày.' });
		expect(yearReportSchema.safeParse({ unitId: 1 }).error?.issues[0]?.message).toBe(
			'Vui lòng chọn năm báo cáo.'
		);
	});
});
