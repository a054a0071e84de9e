import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromCampaignInput } from '$lib/schemas/awards';
import { scoreSheetSchema } from '$lib/schemas/judging';
import type { Database } from '../db/client';
import { auditLog, awardDecisions, awardRecipients } from '../db/schema';
import {
	addJudgeByEmail,
	closeRound,
	listMyQueue,
	openRound,
	addCriterion,
	savePanelSettings,
	saveScores
} from '../judging';
import { markShortlist } from '../voting';
import { createTestDatabase } from '../testing/database';
import {
	ctxFor,
	makeAcceptedDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import { statusOf } from '../testing/status';
import {
	campaignCandidates,
	createDecisionFromCampaign,
	getDecision,
	previewDecisionFromCampaign
} from './service';

// Issue 14: an organizer who means to award the two finalists must not award every accepted
// dossier by leaving the form as it comes; and nothing is written before a confirmation step.

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let campaign: Awaited<ReturnType<typeof makeCampaign>>;
let unjudged: Awaited<ReturnType<typeof makeCampaign>>;
const dossiers = new Map<string, number>();
const T0 = new Date('2026-05-10T03:00:00Z');

// [name, category, the judge's score out of 10]: shortlisted are the top two of each category.
const entries: [string, 'individual' | 'collective', number][] = [
	['Nguyễn Văn Ánh', 'individual', 9],
	['Trần Thị Bình', 'individual', 6],
	['Lê Minh Chi', 'individual', 8],
	['Chi đoàn Dũng Tiến', 'collective', 5],
	['Chi đoàn Én Bay', 'collective', 9],
	['Chi đoàn Phúc Lợi', 'collective', 7]
];

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const organizer = ctxFor(database, tree.organizer, T0);
	campaign = await makeCampaign(database, tree.admin, tree.district, { now: T0, quota: 5 });
	await savePanelSettings(organizer, {
		id: campaign.id,
		assignmentMode: 'all',
		judgesPerDossier: undefined,
		revealAfterSubmit: false,
		normalize: false,
		spreadThreshold: undefined,
		juryWeight: 70
	});
	const criterion = {
		individual: await addCriterion(organizer, {
			id: campaign.id,
			categoryId: campaign.individual.id,
			name: 'Thành tích',
			description: '',
			maxScore: 10,
			weight: 1
		}),
		collective: await addCriterion(organizer, {
			id: campaign.id,
			categoryId: campaign.collective.id,
			name: 'Thành tích',
			description: '',
			maxScore: 10,
			weight: 1
		})
	};
	for (const [name, category] of entries) {
		dossiers.set(
			name,
			await makeAcceptedDossier(database, {
				campaignId: campaign.id,
				categoryId: campaign[category].id,
				unit: tree.grassroots,
				name,
				top: tree.district
			})
		);
	}
	// A judge from another commune of the district: no conflict with the dossiers of this one.
	const judge = await makeUser(database, {
		unit: await makeUnit(database, tree.district, { name: 'Đoàn xã A2' })
	});
	await addJudgeByEmail(organizer, { id: campaign.id, email: judge.email });
	await openRound(organizer, { id: campaign.id });
	const judging = ctxFor(database, judge, T0);
	const queue = (await listMyQueue(judging)).find((c) => c.id === campaign.id)!;
	for (const [name, category, score] of entries) {
		const item = queue.items.find((i) => i.nomineeName === name)!;
		await saveScores(judging, {
			id: item.id,
			...scoreSheetSchema.parse({
				intent: 'submit',
				[`score_${criterion[category]}`]: String(score)
			})
		});
	}
	await closeRound(organizer, { id: campaign.id });
	await markShortlist(organizer, { id: campaign.id, rule: 'top', count: 2 });

	// A campaign whose dossiers are accepted but not judged: there is no shortlist yet.
	unjudged = await makeCampaign(database, tree.admin, tree.district, { now: T0, quota: 5 });
	for (const name of ['Võ Thị Giang', 'Đặng Văn Hải'])
		await makeAcceptedDossier(database, {
			campaignId: unjudged.id,
			categoryId: unjudged.individual.id,
			unit: tree.grassroots,
			name,
			top: tree.district
		});
});
afterAll(async () => {
	await database?.close();
});

const counts = async () => ({
	decisions: (await database.db.select().from(awardDecisions)).length,
	recipients: (await database.db.select().from(awardRecipients)).length,
	audit: (await database.db.select().from(auditLog)).filter((a) => a.action === 'award.create')
		.length
});

describe('recipients offered from a campaign', () => {
	it('start as the judged shortlist in rank order; the other accepted dossiers are not ticked', async () => {
		const { candidates } = await campaignCandidates(
			ctxFor(database, tree.organizer, T0),
			campaign.id
		);
		expect(candidates.map((c) => [c.name, c.shortlisted, c.selected])).toEqual([
			// The finalists, category by category, in the panel's order…
			['Nguyễn Văn Ánh', true, true],
			['Lê Minh Chi', true, true],
			['Chi đoàn Én Bay', true, true],
			['Chi đoàn Phúc Lợi', true, true],
			// …then what screening accepted but the panel did not shortlist, offered unticked.
			['Trần Thị Bình', false, false],
			['Chi đoàn Dũng Tiến', false, false]
		]);
	});

	it('start with nothing ticked when the campaign has no shortlist', async () => {
		const { candidates } = await campaignCandidates(
			ctxFor(database, tree.organizer, T0),
			unjudged.id
		);
		expect(candidates.map((c) => [c.name, c.selected]).sort()).toEqual([
			['Võ Thị Giang', false],
			['Đặng Văn Hải', false]
		]);
	});
});

describe('issuing a decision', () => {
	const input = (
		names: string[],
		overrides: Partial<FromCampaignInput> = {}
	): FromCampaignInput => ({
		number: '41-QĐ/HĐA',
		decidedOn: '2026-05-19',
		issuer: 'Ban Thường vụ Huyện đoàn A',
		signer: 'Lê Quang Đạo',
		signerTitle: 'Bí thư Huyện đoàn',
		citation: 'Đã có thành tích xuất sắc trong công tác Đoàn năm 2026.',
		field: undefined,
		kind: 'bang_khen',
		customKind: undefined,
		campaignId: campaign.id,
		nominationIds: names.map((n) => dossiers.get(n)!),
		...overrides
	});
	const two = ['Nguyễn Văn Ánh', 'Lê Minh Chi'];

	it('writes nothing without the confirmation step', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const before = await counts();
		await expect(createDecisionFromCampaign(ctx, input(two))).rejects.toMatchObject({
			status: 400,
			message: 'Vui lòng xem lại danh sách và xác nhận trước khi ban hành quyết định.'
		});
		expect(await counts()).toEqual(before);
	});

	it('shows who, how many and which award, and writes exactly that once confirmed', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		const before = await counts();
		const preview = await previewDecisionFromCampaign(ctx, input(two));
		expect(preview.recipients.map((r) => [r.name, r.awardLabel])).toEqual([
			['Nguyễn Văn Ánh', 'Bằng khen'],
			['Lê Minh Chi', 'Bằng khen']
		]);
		expect(preview.kinds).toEqual([{ label: 'Bằng khen', count: 2 }]);
		expect(preview.decision).toMatchObject({ number: '41-QĐ/HĐA', decidedOn: '2026-05-19' });
		// The preview writes nothing.
		expect(await counts()).toEqual(before);

		// What was confirmed is what is written: one more dossier, or another kind, is refused.
		const confirmation = preview.token;
		for (const changed of [
			input([...two, 'Trần Thị Bình'], { confirmation }),
			input(two, { kind: 'giay_khen', confirmation }),
			input(two, { citation: 'Nội dung khác.', confirmation })
		]) {
			expect(await statusOf(createDecisionFromCampaign(ctx, changed))).toBe(409);
		}
		expect(await counts()).toEqual(before);

		const id = await createDecisionFromCampaign(ctx, input(two, { confirmation }));
		const { recipients } = await getDecision(ctx, id);
		expect(recipients.map((r) => [r.name, r.kind, r.rank])).toEqual([
			['Nguyễn Văn Ánh', 'bang_khen', 1],
			['Lê Minh Chi', 'bang_khen', 2]
		]);
		expect(await counts()).toEqual({
			decisions: before.decisions + 1,
			recipients: before.recipients + 2,
			audit: before.audit + 1
		});
		// The same confirmation cannot write a second decision.
		expect(await statusOf(createDecisionFromCampaign(ctx, input(two, { confirmation })))).toBe(409);
		expect((await counts()).decisions).toBe(before.decisions + 1);
	});

	it('refuses at the confirmation step what could not be written', async () => {
		const ctx = ctxFor(database, tree.organizer, T0);
		// Already awarded by 41-QĐ/HĐA; and a number the unit has used.
		await expect(
			previewDecisionFromCampaign(ctx, input(['Lê Minh Chi'], { number: '42-QĐ/HĐA' }))
		).rejects.toMatchObject({
			status: 409,
			message: 'Hồ sơ “Lê Minh Chi” đã được khen theo quyết định số 41-QĐ/HĐA.'
		});
		await expect(
			previewDecisionFromCampaign(ctx, input(['Chi đoàn Én Bay'], { number: '41-qđ/hđa' }))
		).rejects.toMatchObject({ status: 409, fieldErrors: { number: expect.any(Array) } });
		expect(
			await statusOf(
				previewDecisionFromCampaign(ctxFor(database, tree.siblingOrganizer, T0), input(two))
			)
		).toBe(404);
	});
});
