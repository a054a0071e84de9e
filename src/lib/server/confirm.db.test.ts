// The confirmation step of irreversible writes, through the form adapter as a page posts it:
// without the confirmation nothing is written and the summary carries the database's counts;
// with it the write happens once, re-checked as before.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSheetSchema } from '$lib/schemas/judging';
import type { Actor } from './auth/actor';
import { formAction, fieldsAndParams, type ConfirmRequest } from './adapters';
import type { Database } from './db/client';
import { auditLog, judgeAssignments, nominations, notifications } from './db/schema';
import {
	addCriterion,
	addJudgeByEmail,
	getPanel,
	listMyQueue,
	openRound,
	submitScores
} from './judging';
import { createDraft, submitDossier } from './nominations';
import { createTestDatabase } from './testing/database';
import {
	ctxFor,
	individualDossier,
	makeAcceptedDossier,
	makeCampaign,
	makeTree,
	makeUser
} from './testing/factories';
import { statusOf } from './testing/status';
import type { UseCase } from './usecase';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database.close();
});

/** Posts a form to `useCase`'s form action as a browser would: `path?/action`, the fields, an actor. */
async function post<I, R, L>(
	useCase: UseCase<I, R, L>,
	actor: Actor,
	address: string,
	fields: Record<string, string>,
	params: Record<string, string> = {}
) {
	const url = new URL(address, 'http://localhost');
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	const action = formAction(useCase, {
		input: fieldsAndParams,
		ctx: () => ctxFor(database, actor),
		done: () => ({ done: true as const })
	});
	const event = {
		request: new Request(url, { method: 'POST', body }),
		url,
		params,
		locals: { actor }
	} as unknown as Parameters<typeof action>[0];
	return (await action(event)) as unknown as {
		status?: number;
		data?: { message: string; confirm?: ConfirmRequest };
		done?: true;
	};
}

/** A province campaign, an organizer of the province, and the tree around them. */
async function organized() {
	const tree = await makeTree(database);
	const organizer = await makeUser(database, {
		unit: tree.province,
		roles: [{ role: 'organizer', unit: tree.province }]
	});
	const campaign = await makeCampaign(database, tree.admin, tree.province);
	return { ...tree, organizer, campaign, ctx: ctxFor(database, organizer) };
}

const criterion = (
	campaign: { id: number; individual: { id: number } },
	name: string,
	weight: number
) => ({
	id: campaign.id,
	categoryId: campaign.individual.id,
	name,
	description: '',
	maxScore: 10,
	weight
});

const countAudit = async (action: string) =>
	(await database.db.select().from(auditLog).where(eq(auditLog.action, action))).length;

describe('opening a judging round', () => {
	async function setUp() {
		const tree = await organized();
		const { campaign, ctx } = tree;
		await addCriterion(ctx, criterion(campaign, 'Thành tích', 1));
		for (const name of ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường']) {
			await makeAcceptedDossier(database, {
				campaignId: campaign.id,
				categoryId: campaign.individual.id,
				unit: tree.grassroots,
				name,
				top: tree.province
			});
		}
		const judges: Actor[] = [];
		for (const unit of [tree.province, tree.sibling]) {
			const judge = await makeUser(database, { unit });
			await addJudgeByEmail(ctx, { id: campaign.id, email: judge.email });
			judges.push(judge);
		}
		return { ...tree, judges };
	}

	const address = (id: number) => `/quan-tri/dot/${id}/cham-diem?/open`;

	it('answers the summary with the counts and writes nothing until confirmed', async () => {
		const s = await setUp();
		const id = String(s.campaign.id);
		const asked = await post(openRound, s.organizer, address(s.campaign.id), {}, { id });
		expect(asked.status).toBe(409);
		expect(asked.data!.message).toBe('');
		expect(asked.data!.confirm).toMatchObject({
			title: 'Mở vòng chấm?',
			summary:
				'Mở vòng chấm cho 3 hồ sơ; 2 giám khảo sẽ nhận thông báo (6 lượt chấm được phân công).',
			action: '?/open',
			cancel: `/quan-tri/dot/${id}/cham-diem`
		});
		expect((await getPanel(s.ctx, s.campaign.id)).panel!.status).toBe('setup');
		const panelId = (await getPanel(s.ctx, s.campaign.id)).panel!.id;
		expect(await database.db.$count(judgeAssignments, eq(judgeAssignments.panelId, panelId))).toBe(
			0
		);
		expect(await database.db.$count(notifications, eq(notifications.userId, s.judges[0]!.id))).toBe(
			0
		);
		expect(await countAudit('judging.open')).toBe(0);

		const confirmed = await post(
			openRound,
			s.organizer,
			address(s.campaign.id),
			{ confirmed: '1' },
			{ id }
		);
		expect(confirmed).toEqual({ done: true });
		expect((await getPanel(s.ctx, s.campaign.id)).panel!.status).toBe('open');
		expect(await database.db.$count(judgeAssignments, eq(judgeAssignments.panelId, panelId))).toBe(
			6
		);
		expect(await countAudit('judging.open')).toBe(1);
		for (const judge of s.judges) {
			expect((await listMyQueue(ctxFor(database, judge)))[0]!.items).toHaveLength(3);
		}

		// Confirming twice (a second tab) is refused by the write's own check: still written once.
		const again = await post(
			openRound,
			s.organizer,
			address(s.campaign.id),
			{ confirmed: '1' },
			{ id }
		);
		expect(again.status).toBe(409);
		expect(again.data!.message).toBe('Vòng chấm đã được mở trước đó.');
		expect(await countAudit('judging.open')).toBe(1);
	});

	it('tells nobody the counts they could not act on, and refuses what cannot be opened', async () => {
		const s = await setUp();
		const id = String(s.campaign.id);
		const outsider = await post(openRound, s.siblingOrganizer, address(s.campaign.id), {}, { id });
		expect(outsider.status).toBe(403);
		expect(outsider.data!.confirm).toBeUndefined();

		const empty = await makeCampaign(database, s.admin, s.province);
		const refused = await post(
			openRound,
			s.organizer,
			address(empty.id),
			{},
			{ id: String(empty.id) }
		);
		expect(refused.status).toBe(409);
		expect(refused.data!.confirm).toBeUndefined();
		expect(refused.data!.message).toBe('Hội đồng chưa có giám khảo nào.');
	});
});

describe('sending a dossier up', () => {
	it('names where it goes and how many are told; written once on confirmation', async () => {
		const tree = await makeTree(database);
		const officer = await makeUser(database, {
			unit: tree.grassroots,
			roles: [{ role: 'officer', unit: tree.grassroots }]
		});
		const campaign = await makeCampaign(database, tree.admin, tree.province);
		const id = await createDraft(ctxFor(database, officer), {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unitId: tree.grassroots.id,
			dossier: individualDossier('Phạm Thị Dung')
		});
		const address = `/de-cu/${id}?/submit`;
		const asked = await post(submitDossier, officer, address, {}, { id: String(id) });
		expect(asked.status).toBe(409);
		expect(asked.data!.confirm!.summary).toBe(
			'Hồ sơ “Phạm Thị Dung” (Cá nhân tiêu biểu, Đoàn xã A1) sẽ được gửi tới Huyện đoàn A để thẩm định; 1 cán bộ ở đó sẽ nhận thông báo.'
		);
		const status = async () =>
			(await database.db.select().from(nominations).where(eq(nominations.id, id)))[0]!.status;
		expect(await status()).toBe('draft');

		const done = await post(
			submitDossier,
			officer,
			address,
			{ confirmed: '1' },
			{ id: String(id) }
		);
		expect(done).toEqual({ done: true });
		expect(await status()).toBe('submitted');
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'nomination.submit'), eq(auditLog.entityId, String(id))));
		expect(audits).toHaveLength(1);
	});
});

describe('submitting a score sheet', () => {
	it('states the total the sheet counts with, and refuses an incomplete sheet before asking', async () => {
		const tree = await organized();
		const { campaign, ctx } = tree;
		const criteria = [
			await addCriterion(ctx, criterion(campaign, 'Phẩm chất', 3)),
			await addCriterion(ctx, criterion(campaign, 'Thành tích', 7))
		];
		await makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unit: tree.grassroots,
			name: 'Võ Văn Em',
			top: tree.province
		});
		const judge = await makeUser(database, { unit: tree.province });
		await addJudgeByEmail(ctx, { id: campaign.id, email: judge.email });
		await openRound(ctx, { id: campaign.id });
		const judgeCtx = ctxFor(database, judge);
		const assignment = (await listMyQueue(judgeCtx))[0]!.items[0]!;
		const sheet = (scores: string[]) => {
			const raw: Record<string, string> = { intent: 'submit' };
			criteria.forEach((c, i) => {
				raw[`score_${c}`] = scores[i]!;
				raw[`comment_${c}`] = '';
			});
			const { intent: _intent, ...parsed } = scoreSheetSchema.parse(raw);
			return { id: assignment.id, ...parsed };
		};

		const asked = await submitScores.confirmation(judgeCtx, sheet(['8', '9']));
		expect(asked).toEqual({
			title: 'Nộp phiếu chấm?',
			summary:
				'Nộp phiếu chấm hồ sơ “Võ Văn Em” (Cá nhân tiêu biểu) với tổng điểm 87 theo 2 tiêu chí.',
			details: ['Điểm đã nộp không sửa được nữa.']
		});
		expect(await statusOf(submitScores.confirmation(judgeCtx, sheet(['8', ''])))).toBe(400);
		// Another person's assignment does not exist for them, summary included.
		expect(await statusOf(submitScores.confirmation(ctx, sheet(['8', '9'])))).toBe(404);
		const row = await database.db
			.select()
			.from(judgeAssignments)
			.where(eq(judgeAssignments.id, assignment.id));
		expect(row[0]!.status).toBe('assigned');
	});
});
