import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaField } from '$lib/schemas/campaigns';
import { getManagedCampaign, getUnitQuotas, setUnitQuotas } from '../campaigns';
import type { Database } from '../db/client';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeCampaign, makeTree, makeUnit } from '../testing/factories';
import { statusOf } from '../testing/status';
import { archiveUnit } from '../units';
import { copyCampaign } from './copy';
import { findPanelByCampaign, listCriteria } from './repo';
import { addCriterion, savePanelSettings } from './panels';

// Next year's campaign from this year's: a draft with the same categories, quotas (the units'
// own ones too, archived units left out), phases a year later, panel rules and rubric.
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

describe('copying a campaign to next year', () => {
	it('makes a draft with everything but the year’s people and dossiers', async () => {
		const ctx = ctxFor(database, tree.admin, now);
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now, quota: 2 });
		const big = await makeUnit(database, tree.district, { name: 'Đoàn xã Lớn' });
		const gone = await makeUnit(database, tree.district, { name: 'Đoàn xã Sáp Nhập' });
		const cell = (unitId: number, places: number) => ({
			field: quotaField(campaign.individual.id, unitId),
			categoryId: campaign.individual.id,
			unitId,
			places
		});
		await setUnitQuotas(ctx, {
			campaignId: campaign.id,
			cells: [cell(big.id, 5), cell(gone.id, 1)]
		});
		await archiveUnit(ctx, { id: gone.id });
		await savePanelSettings(ctx, {
			id: campaign.id,
			assignmentMode: 'all',
			judgesPerDossier: undefined,
			revealAfterSubmit: true,
			normalize: false,
			spreadThreshold: 15,
			juryWeight: 60
		});
		await addCriterion(ctx, {
			id: campaign.id,
			categoryId: campaign.individual.id,
			name: 'Thành tích',
			description: 'Khen thưởng, danh hiệu',
			maxScore: 40,
			weight: 2
		});

		const copy = await copyCampaign(ctx, { campaignId: campaign.id });
		const next = await getManagedCampaign(ctx, copy.id);
		const before = await getManagedCampaign(ctx, campaign.id);
		expect(next).toMatchObject({ status: 'draft', year: before.year + 1 });
		expect(next.title).toBe(`${before.title} năm ${before.year + 1}`);
		expect(next.categories.map((c) => [c.kind, c.name, c.quotaPerUnit])).toEqual(
			before.categories.map((c) => [c.kind, c.name, c.quotaPerUnit])
		);
		const year = 365 * 86_400_000;
		expect(next.phases.map((p) => [p.kind, p.startsAt.getTime(), p.endsAt.getTime()])).toEqual(
			before.phases.map((p) => [p.kind, p.startsAt.getTime() + year, p.endsAt.getTime() + year])
		);
		const own = (await getUnitQuotas(ctx, copy.id)).units.flatMap((u) =>
			u.cells.filter((c) => c.own !== null).map((c) => [u.name, c.own])
		);
		expect(own).toEqual([['Đoàn xã Lớn', 5]]);

		const panel = (await findPanelByCampaign(database.db, copy.id))!;
		expect(panel).toMatchObject({
			status: 'setup',
			revealAfterSubmit: true,
			spreadThreshold: 15,
			juryWeight: 60
		});
		const criteria = await listCriteria(database.db, panel.id);
		expect(criteria.map((c) => [c.categoryId, c.name, c.maxScore, c.weight])).toEqual([
			[next.categories.find((c) => c.kind === 'individual')!.id, 'Thành tích', 40, 2]
		]);
	});

	it('is for the campaign’s organizers only', async () => {
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now });
		const outsider = ctxFor(database, tree.organizer, now);
		expect(await statusOf(copyCampaign(outsider, { campaignId: campaign.id }))).toBe(404);
	});
});
