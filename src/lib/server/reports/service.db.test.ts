import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createDraft, submitDossier } from '../nominations';
import { createTestDatabase } from '../testing/database';
import { expectOfficeLayout, readXlsx, sheetRows } from '../testing/exports';
import {
	ctxFor,
	individualDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import { statusOf } from '../testing/status';
import { reportedStatuses } from './rules';
import { campaignReport, exportCampaignReport } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let campaignId: number;
const now = new Date('2026-05-10T03:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const campaign = await makeCampaign(database, tree.admin, tree.province, { now, quota: 5 });
	campaignId = campaign.id;
	const siblingCommune = await makeUnit(database, tree.sibling, { name: 'Đoàn xã B1' });
	for (const [unit, names] of [
		[tree.grassroots, ['Nguyễn Văn An', 'Lê Thị Bích']],
		[siblingCommune, ['Phạm Văn Cường']]
	] as const) {
		const officer = await makeUser(database, { unit, roles: [{ role: 'officer', unit }] });
		for (const name of names) {
			const id = await createDraft(ctxFor(database, officer, now), {
				campaignId,
				categoryId: campaign.individual.id,
				unitId: unit.id,
				dossier: individualDossier(name)
			});
			await submitDossier(ctxFor(database, officer, now), { id });
		}
	}
	// A draft is the unit's own business and never counted.
	const officer = await makeUser(database, {
		unit: tree.grassroots,
		roles: [{ role: 'officer', unit: tree.grassroots }]
	});
	await createDraft(ctxFor(database, officer, now), {
		campaignId,
		categoryId: campaign.individual.id,
		unitId: tree.grassroots.id,
		dossier: individualDossier('Bản nháp')
	});
});
afterAll(async () => {
	await database?.close();
});

describe('campaign report', () => {
	it('shows the campaign’s organizers every unit, drafts left out', async () => {
		const report = await campaignReport(ctxFor(database, tree.admin, now), campaignId);
		expect(report.partial).toBe(false);
		expect(report.total).toBe(3);
		expect(report.byUnit.map((u) => [u.label, u.total])).toEqual([
			['Đoàn xã A1', 2],
			['Đoàn xã B1', 1]
		]);
		expect(report.byStatus.find((s) => s.status === 'submitted')!.n).toBe(3);
	});

	it('never shows an organizer below the units outside their subtree, in the page or Excel', async () => {
		const ctx = ctxFor(database, tree.organizer, now);
		const report = await campaignReport(ctx, campaignId);
		expect(report.partial).toBe(true);
		expect(report.byUnit.map((u) => u.label)).toEqual(['Đoàn xã A1']);
		expect(report.total).toBe(2);
		const sheet = (await readXlsx(await exportCampaignReport(ctx, campaignId))).worksheets[0]!;
		expectOfficeLayout(sheet);
		const [header, ...body] = sheetRows(sheet);
		expect(header!.slice(0, 2)).toEqual(['Đơn vị', 'Tổng số']);
		expect(body).toEqual(
			report.byUnit.map((u) => [u.label, u.total, ...reportedStatuses.map((s) => u.byStatus[s])])
		);
		expect(body.map((r) => r[0])).toEqual(['Đoàn xã A1']);
		const sibling = await campaignReport(ctxFor(database, tree.siblingOrganizer, now), campaignId);
		expect(sibling.byUnit.map((u) => u.label)).toEqual(['Đoàn xã B1']);
	});

	it('is not found for anyone without an organizer role in the campaign’s reach', async () => {
		expect(await statusOf(campaignReport(ctxFor(database, tree.member, now), campaignId))).toBe(
			404
		);
		const elsewhere = await makeUnit(database, null);
		const outsider = await makeUser(database, {
			unit: elsewhere,
			roles: [{ role: 'organizer', unit: elsewhere }]
		});
		expect(await statusOf(campaignReport(ctxFor(database, outsider, now), campaignId))).toBe(404);
		expect(await statusOf(campaignReport(ctxFor(database, null, now), campaignId))).toBe(401);
	});
});
