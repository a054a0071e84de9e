import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createDraft, submitDossier } from '../nominations';
import { createTestDatabase } from '../testing/database';
import { statusOf } from '../testing/status';
import {
	ctxFor,
	individualDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import {
	createCampaign,
	getPublicCampaign,
	listManagedCampaigns,
	publishCampaign,
	removeCategory,
	addCategory,
	updateCategory,
	setPhases,
	updateCampaign
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const now = new Date('2026-05-10T03:00:00Z');
const DAY = 86_400_000;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

describe('campaigns', () => {
	it('are created by organizers for their own subtree only', async () => {
		const organizer = ctxFor(database, tree.organizer, now);
		const input = {
			organizingUnitId: tree.district.id,
			title: 'Đợt của huyện',
			description: '',
			year: 2026
		};
		const id = await createCampaign(organizer, input);
		expect((await listManagedCampaigns(organizer)).map((c) => c.id)).toContain(id);
		expect(
			await statusOf(createCampaign(organizer, { ...input, organizingUnitId: tree.sibling.id }))
		).toBe(403);
		expect(
			await statusOf(createCampaign(organizer, { ...input, organizingUnitId: tree.province.id }))
		).toBe(403);
		expect(
			await statusOf(updateCampaign(ctxFor(database, tree.siblingOrganizer, now), { id, ...input }))
		).toBe(404);
		expect(await statusOf(createCampaign(ctxFor(database, tree.member, now), input))).toBe(403);
	});

	it('stay invisible to the public while drafts, and need a category and a nomination phase to publish', async () => {
		const organizer = ctxFor(database, tree.organizer, now);
		const id = await createCampaign(organizer, {
			organizingUnitId: tree.district.id,
			title: 'Bản nháp',
			description: '',
			year: 2026
		});
		expect(await statusOf(getPublicCampaign(ctxFor(database, null, now), id))).toBe(404);
		expect(await statusOf(getPublicCampaign(ctxFor(database, tree.member, now), id))).toBe(404);
		expect((await getPublicCampaign(organizer, id)).manages).toBe(true);
		expect(await statusOf(publishCampaign(organizer, { campaignId: id }))).toBe(400);
		await addCategory(organizer, {
			campaignId: id,
			kind: 'individual',
			name: 'Cá nhân',
			field: undefined,
			quotaPerUnit: 2
		});
		expect(await statusOf(publishCampaign(organizer, { campaignId: id }))).toBe(400);
		await setPhases(organizer, {
			campaignId: id,
			phases: [{ kind: 'nomination', startsAt: now, endsAt: new Date(now.getTime() + DAY) }]
		});
		await publishCampaign(organizer, { campaignId: id });
		expect((await getPublicCampaign(ctxFor(database, null, now), id)).status).toBe('published');
		expect(await statusOf(publishCampaign(organizer, { campaignId: id }))).toBe(409);
	});

	it('refuse a timeline out of order', async () => {
		const organizer = ctxFor(database, tree.organizer, now);
		const id = await createCampaign(organizer, {
			organizingUnitId: tree.district.id,
			title: 'Lịch sai',
			description: '',
			year: 2026
		});
		const error = await setPhases(organizer, {
			campaignId: id,
			phases: [
				{ kind: 'nomination', startsAt: now, endsAt: new Date(now.getTime() + 10 * DAY) },
				{
					kind: 'screening',
					startsAt: new Date(now.getTime() + 5 * DAY),
					endsAt: new Date(now.getTime() + 20 * DAY)
				}
			]
		}).catch((e) => e);
		expect(error.status).toBe(400);
		expect(error.fieldErrors.screeningStart[0]).toContain('sau khi giai đoạn trước kết thúc');
	});
});

describe('a published campaign with dossiers sent', () => {
	it('changes only in ways that keep those dossiers valid', async () => {
		const commune = await makeUnit(database, tree.district);
		const officer = await makeUser(database, {
			unit: commune,
			roles: [{ role: 'officer', unit: commune }]
		});
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now, quota: 2 });
		const admin = ctxFor(database, tree.admin, now);
		for (const name of ['Một', 'Hai']) {
			const id = await createDraft(ctxFor(database, officer, now), {
				campaignId: campaign.id,
				categoryId: campaign.individual.id,
				unitId: commune.id,
				dossier: individualDossier(name)
			});
			await submitDossier(ctxFor(database, officer, now), { id });
		}
		const category = {
			kind: 'individual' as const,
			name: 'Cá nhân',
			field: undefined,
			quotaPerUnit: 2
		};
		expect(
			await statusOf(
				removeCategory(admin, { campaignId: campaign.id, categoryId: campaign.individual.id })
			)
		).toBe(409);
		expect(
			await statusOf(
				updateCategory(admin, {
					campaignId: campaign.id,
					categoryId: campaign.individual.id,
					...category,
					kind: 'work'
				})
			)
		).toBe(409);
		expect(
			await statusOf(
				updateCategory(admin, {
					campaignId: campaign.id,
					categoryId: campaign.individual.id,
					...category,
					quotaPerUnit: 1
				})
			)
		).toBe(409);
		expect(
			await statusOf(
				updateCategory(admin, {
					campaignId: campaign.id,
					categoryId: campaign.individual.id,
					...category,
					name: 'Cá nhân xuất sắc',
					quotaPerUnit: 3
				})
			)
		).toBe(200);
		// A category nobody used can still go.
		expect(
			await statusOf(
				removeCategory(admin, { campaignId: campaign.id, categoryId: campaign.collective.id })
			)
		).toBe(200);
		// Nominations cannot be made to open after a dossier was already sent.
		const late = await setPhases(admin, {
			campaignId: campaign.id,
			phases: [
				{
					kind: 'nomination',
					startsAt: new Date(now.getTime() + DAY),
					endsAt: new Date(now.getTime() + 9 * DAY)
				}
			]
		}).catch((e) => e);
		expect(late.status).toBe(409);
		expect(
			await statusOf(
				setPhases(admin, {
					campaignId: campaign.id,
					phases: [
						{
							kind: 'nomination',
							startsAt: new Date(now.getTime() - 2 * DAY),
							endsAt: new Date(now.getTime() + 2 * DAY)
						}
					]
				})
			)
		).toBe(200);
		expect(
			await statusOf(
				updateCampaign(admin, {
					id: campaign.id,
					organizingUnitId: tree.district.id,
					title: 'x',
					description: '',
					year: 2026
				})
			)
		).toBe(409);
	});
});
