import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { quotaField } from '$lib/schemas/campaigns';
import { describeAuditEntry } from '$lib/shared/audit';
import type { Database } from '../db/client';
import { auditLog, nominations, type Unit } from '../db/schema';
import {
	createDraft,
	listNominationOpportunities,
	screenDossier,
	submitDossier
} from '../nominations';
import { createTestDatabase } from '../testing/database';
import {
	ctxFor,
	individualDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import { workbookFile } from '../testing/spreadsheets';
import { statusOf } from '../testing/status';
import {
	getUnitQuotas,
	importUnitQuotas,
	quotaTemplateHeaders,
	quotaTemplateRows,
	setUnitQuotas,
	updateCategory
} from './index';

// Per-unit quotas ("phân bổ chỉ tiêu"): the category's quota is every unit's unless the
// organizer gives a unit its own; sending and forwarding are held to it, on both engines.
let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const now = new Date('2026-05-10T03:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

async function setting(quota = 2) {
	const big = await makeUnit(database, tree.district, { name: 'Đoàn xã Đông Đúc' });
	const small = await makeUnit(database, tree.district, { name: 'Đoàn xã Ít Người' });
	const officer = (unit: Unit) => makeUser(database, { unit, roles: [{ role: 'officer', unit }] });
	const campaign = await makeCampaign(database, tree.admin, tree.province, { now, quota });
	return {
		big,
		small,
		bigOfficer: await officer(big),
		bigOfficer2: await officer(big),
		smallOfficer: await officer(small),
		campaign,
		organizer: ctxFor(database, tree.admin, now)
	};
}
type Setting = Awaited<ReturnType<typeof setting>>;

const cell = (s: Setting, unit: Unit, places: number | null) => ({
	field: quotaField(s.campaign.individual.id, unit.id),
	categoryId: s.campaign.individual.id,
	unitId: unit.id,
	places
});

async function send(s: Setting, officer: Setting['bigOfficer'], unit: Unit, name: string) {
	const id = await createDraft(ctxFor(database, officer, now), {
		campaignId: s.campaign.id,
		categoryId: s.campaign.individual.id,
		unitId: unit.id,
		dossier: individualDossier(name)
	});
	return { id, status: await statusOf(submitDossier(ctxFor(database, officer, now), { id })) };
}

describe('a unit’s own quota', () => {
	it('holds each unit to its own number, the others to the category’s', async () => {
		const s = await setting(2);
		await setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 4)] });

		const sent = [];
		for (const name of ['An', 'Bình', 'Cường', 'Dũng', 'Em'])
			sent.push((await send(s, s.bigOfficer, s.big, name)).status);
		expect(sent).toEqual([200, 200, 200, 200, 409]);
		const small = [];
		for (const name of ['Giang', 'Hà', 'Khánh'])
			small.push((await send(s, s.smallOfficer, s.small, name)).status);
		expect(small).toEqual([200, 200, 409]);

		// What officers read before sending, on their list of campaigns.
		const opportunity = async (officer: Setting['bigOfficer']) =>
			(await listNominationOpportunities(ctxFor(database, officer, now)))
				.find((o) => o.campaign.id === s.campaign.id)!
				.categories.find((c) => c.id === s.campaign.individual.id)!;
		expect(await opportunity(s.bigOfficer)).toMatchObject({ quota: 4, used: 4 });
		expect(await opportunity(s.smallOfficer)).toMatchObject({ quota: 2, used: 2 });
	});

	it('refuses a quota below what a unit holds, named by its box, and keeps the rest unsaved', async () => {
		const s = await setting(3);
		for (const name of ['An', 'Bình']) await send(s, s.bigOfficer, s.big, name);
		const error = await setUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			cells: [cell(s, s.small, 5), cell(s, s.big, 1)]
		}).catch((e) => e);
		expect(error.status).toBe(400);
		expect(error.fieldErrors).toEqual({
			[quotaField(s.campaign.individual.id, s.big.id)]: [
				'Đoàn xã Đông Đúc đã dùng 2 suất: chỉ tiêu không thể thấp hơn số đó.'
			]
		});
		const table = await getUnitQuotas(s.organizer, s.campaign.id);
		const row = (unit: Unit) => table.units.find((u) => u.id === unit.id)!.cells[0]!;
		expect(row(s.small)).toMatchObject({ own: null, used: 0 });
		expect(row(s.big)).toMatchObject({ own: null, used: 2 });

		// Nor may the category's own quota drop below a unit held to it; a unit with its own is not.
		await setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 2)] });
		const lower = (quotaPerUnit: number) =>
			statusOf(
				updateCategory(s.organizer, {
					campaignId: s.campaign.id,
					categoryId: s.campaign.individual.id,
					kind: 'individual',
					name: 'Cá nhân tiêu biểu',
					field: undefined,
					quotaPerUnit
				})
			);
		expect(await lower(1)).toBe(200);
		// Back to the category's quota (1) with 2 held: refused.
		const back = await setUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			cells: [cell(s, s.big, null)]
		}).catch((e) => e);
		expect(back.status).toBe(400);
	});

	it('refuses units outside the campaign, other campaigns’ categories and outsiders', async () => {
		const s = await setting();
		const other = await makeCampaign(database, tree.admin, tree.district, { now });
		const error = await setUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			cells: [
				{ ...cell(s, s.big, 1), categoryId: other.individual.id, field: 'a' },
				{ ...cell(s, tree.province, 1), field: 'b' }
			]
		}).catch((e) => e);
		expect(error.fieldErrors).toEqual({
			a: ['Hạng mục không thuộc đợt này.'],
			b: ['Đơn vị không thuộc phạm vi của đợt này.']
		});
		// The district's organizer does not manage the province's campaign.
		const outsider = ctxFor(database, tree.organizer, now);
		expect(
			await statusOf(
				setUnitQuotas(outsider, { campaignId: s.campaign.id, cells: [cell(s, s.big, 9)] })
			)
		).toBe(404);
		expect(await statusOf(getUnitQuotas(outsider, s.campaign.id))).toBe(404);
	});

	it('holds a forwarding level to its own quota', async () => {
		const s = await setting(5);
		await setUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			cells: [cell(s, tree.district, 1)]
		});
		const a = await send(s, s.bigOfficer, s.big, 'Lên tỉnh');
		const b = await send(s, s.smallOfficer, s.small, 'Ở lại huyện');
		const district = ctxFor(database, tree.organizer, now);
		await screenDossier(district, a.id, 'forward', null);
		const error = await screenDossier(district, b.id, 'forward', null).catch((e) => e);
		expect(error.status).toBe(409);
		expect(error.message).toContain('chỉ tiêu');
		const table = await getUnitQuotas(s.organizer, s.campaign.id);
		expect(table.units.find((u) => u.id === tree.district.id)!.cells[0]).toMatchObject({
			own: 1,
			used: 1
		});
	});

	it('writes one audit entry a person can read', async () => {
		const s = await setting();
		await setUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			cells: [cell(s, s.big, 3), cell(s, s.small, 0)]
		});
		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(
				and(
					eq(auditLog.action, 'campaign.unit_quotas'),
					eq(auditLog.entityId, String(s.campaign.id))
				)
			);
		const described = describeAuditEntry(entry!);
		expect(described.action).toBe('Phân bổ chỉ tiêu cho đơn vị');
		expect(described.after.join(' ')).toContain(
			`Đoàn xã Đông Đúc (${s.big.code}) · Cá nhân tiêu biểu: 3`
		);
		expect(described.before.join(' ')).toContain('theo chỉ tiêu chung');
	});
});

describe('quotas from a spreadsheet', () => {
	it('reads an office’s table (title rows, NFD names, blank places) and reports every bad row', async () => {
		const s = await setting(2);
		const file = await workbookFile((sheet) => {
			sheet.addRow(['TỈNH ĐOÀN THỬ NGHIỆM']);
			sheet.addRow(['BẢNG PHÂN BỔ CHỈ TIÊU']);
			sheet.addRow([]);
			sheet.addRow(['STT', 'Mã đơn vị', 'Tên đơn vị', 'Hạng mục', 'Số suất']);
			sheet.addRow([1, s.big.code.toLowerCase(), 'x', 'Cá nhân tiêu biểu'.normalize('NFD'), 4]);
			sheet.addRow([2, s.small.code, 'x', 'tap the tieu bieu', '']);
			sheet.addRow([3, 'KHONG-CO', 'x', 'Cá nhân tiêu biểu', 1]);
			sheet.addRow([4, s.small.code, 'x', 'Hạng mục lạ', 1]);
			sheet.addRow([5, s.big.code, 'x', 'Cá nhân tiêu biểu', 2]);
			sheet.addRow([6, s.small.code, 'x', 'Cá nhân tiêu biểu', -1]);
		});
		const run = (mode: 'all-or-nothing' | 'good-rows') =>
			importUnitQuotas(s.organizer, { campaignId: s.campaign.id, file, mode });

		const refused = await run('all-or-nothing');
		expect(refused.imported).toBe(0);
		expect(refused.errors).toEqual([
			{ rowNumber: 7, messages: ['Không có đơn vị mã "KHONG-CO".'] },
			{ rowNumber: 8, messages: ['Đợt này không có hạng mục "Hạng mục lạ".'] },
			{ rowNumber: 9, messages: ['Trùng với dòng 5.'] },
			{ rowNumber: 10, messages: ['Cột "Số suất": Số suất không được âm.'] }
		]);
		const stored = async () =>
			(await getUnitQuotas(s.organizer, s.campaign.id)).units
				.filter((u) => u.id === s.big.id || u.id === s.small.id)
				.map((u) => u.cells.map((c) => c.own));
		expect(await stored()).toEqual([
			[null, null],
			[null, null]
		]);

		const partial = await run('good-rows');
		expect(partial).toMatchObject({ imported: 2, total: 6 });
		expect(await stored()).toEqual([
			[4, null],
			[null, null]
		]);
	});

	it('takes back its own template unchanged', async () => {
		const s = await setting();
		await setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 3)] });
		const rows = await quotaTemplateRows(s.organizer, s.campaign.id);
		expect(rows).toContainEqual([s.big.code, s.big.name, 'Cá nhân tiêu biểu', 3]);
		expect(rows).toContainEqual([s.small.code, s.small.name, 'Tập thể tiêu biểu', '']);
		const file = await workbookFile((sheet) => {
			sheet.addRow(quotaTemplateHeaders);
			for (const row of rows) sheet.addRow(row);
		});
		const report = await importUnitQuotas(s.organizer, {
			campaignId: s.campaign.id,
			file,
			mode: 'all-or-nothing'
		});
		expect(report).toMatchObject({ errors: [], imported: rows.length });
		expect(report.notices).toEqual(['0 ô chỉ tiêu thay đổi; các ô còn lại giữ nguyên.']);
	});
});

describe.runIf(process.env.TEST_ENGINE === 'postgres')('under concurrency', () => {
	it('gives a unit’s last own place to exactly one of two officers', async () => {
		const s = await setting(5);
		await setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 1)] });
		const draftOf = (officer: Setting['bigOfficer'], name: string) =>
			createDraft(ctxFor(database, officer, now), {
				campaignId: s.campaign.id,
				categoryId: s.campaign.individual.id,
				unitId: s.big.id,
				dossier: individualDossier(name)
			});
		const ids = [await draftOf(s.bigOfficer, 'Một'), await draftOf(s.bigOfficer2, 'Hai')];
		const results = await Promise.all([
			statusOf(submitDossier(ctxFor(database, s.bigOfficer, now), { id: ids[0]! })),
			statusOf(submitDossier(ctxFor(database, s.bigOfficer2, now), { id: ids[1]! }))
		]);
		expect(results.sort()).toEqual([200, 409]);
	});

	it('never leaves a unit holding more than its quota when the quota is lowered while it sends', async () => {
		for (let round = 0; round < 5; round++) {
			const s = await setting(5);
			await setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 2)] });
			await send(s, s.bigOfficer, s.big, 'Đã gửi');
			const id = await createDraft(ctxFor(database, s.bigOfficer, now), {
				campaignId: s.campaign.id,
				categoryId: s.campaign.individual.id,
				unitId: s.big.id,
				dossier: individualDossier('Đang gửi')
			});
			const [lowered, sent] = await Promise.all([
				statusOf(
					setUnitQuotas(s.organizer, { campaignId: s.campaign.id, cells: [cell(s, s.big, 1)] })
				),
				statusOf(submitDossier(ctxFor(database, s.bigOfficer, now), { id }))
			]);
			// One of the two wins; never both.
			expect([lowered, sent].sort()).toEqual(lowered === 200 ? [200, 409] : [200, 400]);
			const held = await database.db
				.select()
				.from(nominations)
				.where(
					and(eq(nominations.nominatingUnitId, s.big.id), eq(nominations.status, 'submitted'))
				);
			const quota = (await getUnitQuotas(s.organizer, s.campaign.id)).units.find(
				(u) => u.id === s.big.id
			)!.cells[0]!.own!;
			expect(held.length).toBeLessThanOrEqual(quota);
		}
	});
});
