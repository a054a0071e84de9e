// Over 400 lines on purpose: one seeded campaign carries every panel, round and ranking scenario.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSheetSchema } from '$lib/schemas/judging';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/client';
import {
	auditLog,
	judgeAssignments,
	nominations,
	notifications,
	pollOptions,
	type Unit
} from '../db/schema';
import { createDraft, screenDossier, submitDossier } from '../nominations';
import {
	addShortlistToPoll,
	castVote,
	createPoll,
	getFinalRanking,
	markShortlist
} from '../voting';
import { campaignResults } from '../awards';
import { createTestDatabase } from '../testing/database';
import { deactivateUser } from '../users';
import { expectOfficeLayout, readXlsx, sheetRows } from '../testing/exports';
import {
	TEST_NOW,
	ctxFor,
	individualDossier,
	makeAcceptedDossier,
	makeCampaign,
	makeTree,
	makeUnit,
	makeUser
} from '../testing/factories';
import { statusOf } from '../testing/status';
import {
	acceptDossier,
	addJudgeByEmail,
	assignPending,
	closeRound,
	declareConflict,
	exportScoreSheet,
	getPanel,
	getPublicFinalist,
	getScoringSheet,
	listPublicShortlist,
	readFinalistPhoto,
	remindJudges,
	removeJudge,
	listMyQueue,
	openRound,
	readAssignedFile,
	addCriterion,
	savePanelSettings,
	saveScores
} from './service';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database.close();
});

const settings = {
	assignmentMode: 'all' as const,
	judgesPerDossier: undefined,
	revealAfterSubmit: false,
	normalize: false,
	spreadThreshold: undefined,
	juryWeight: 70
};
const twoPerDossier = { ...settings, assignmentMode: 'k' as const, judgesPerDossier: 2 };

/** A province campaign with a three-criterion rubric (weights 3, 4, 3; scale 100). */
async function setUp(now = TEST_NOW) {
	const tree = await makeTree(database);
	const { province, district, sibling, grassroots, admin } = tree;
	const siblingGrassroots = await makeUnit(database, sibling, { name: 'Đoàn xã B1' });
	const organizer = await makeUser(database, {
		unit: province,
		roles: [{ role: 'organizer', unit: province }]
	});
	const campaign = await makeCampaign(database, admin, province, { now });
	const ctx = ctxFor(database, organizer, now);
	const criteria: number[] = [];
	for (const [name, weight] of [
		['Phẩm chất đạo đức', 3],
		['Thành tích nổi bật, có sức lan toả', 4],
		['Sáng tạo, hiệu quả', 3]
	] as const) {
		criteria.push(
			await addCriterion(ctx, {
				id: campaign.id,
				categoryId: campaign.individual.id,
				name,
				description: '',
				maxScore: 10,
				weight
			})
		);
	}
	const dossier = (unit: Unit, name: string) =>
		makeAcceptedDossier(database, {
			campaignId: campaign.id,
			categoryId: campaign.individual.id,
			unit,
			name,
			top: province
		});
	const judge = async (unit: Unit, fullName: string) => {
		const user = await makeUser(database, { unit, fullName });
		await addJudgeByEmail(ctx, { id: campaign.id, email: user.email });
		return user;
	};
	return {
		...tree,
		districtOrganizer: tree.organizer,
		siblingGrassroots,
		organizer,
		ctx,
		campaign,
		criteria,
		dossier,
		judge,
		district,
		grassroots
	};
}

function sheet(criteria: number[], scores: (number | string | null)[], intent = 'submit') {
	const raw: Record<string, string> = { intent };
	criteria.forEach((id, i) => {
		raw[`score_${id}`] = scores[i] === null ? '' : String(scores[i]);
		raw[`comment_${id}`] = '';
	});
	return scoreSheetSchema.parse(raw);
}

async function assignmentOf(judge: Actor, nominationId: number) {
	const [row] = await database.db
		.select()
		.from(judgeAssignments)
		.where(
			and(eq(judgeAssignments.judgeId, judge.id), eq(judgeAssignments.nominationId, nominationId))
		);
	return row!;
}

describe('assignment', () => {
	it('never gives a judge a dossier of their own unit or of a level it passed through, and moves a declared conflict', async () => {
		const s = await setUp();
		const j1 = await s.judge(s.province, 'Giám khảo Tỉnh');
		const j2 = await s.judge(s.district, 'Giám khảo Huyện A');
		const j3 = await s.judge(s.sibling, 'Giám khảo Huyện B');
		const j4 = await s.judge(s.siblingGrassroots, 'Giám khảo Xã B1');
		const d1 = await s.dossier(s.grassroots, 'Nguyễn Văn Một');
		const d2 = await s.dossier(s.grassroots, 'Nguyễn Văn Hai');
		const d3 = await s.dossier(s.siblingGrassroots, 'Trần Thị Ba');
		const d4 = await s.dossier(s.sibling, 'Trần Thị Bốn');
		await savePanelSettings(s.ctx, { id: s.campaign.id, ...twoPerDossier });
		const report = await openRound(s.ctx, { id: s.campaign.id });
		expect(report).toMatchObject({ assignments: 8, gaps: [], imbalance: null });

		const rows = await database.db
			.select()
			.from(judgeAssignments)
			.where(eq(judgeAssignments.panelId, (await assignmentOf(j1, d3)).panelId));
		const judgesOf = (d: number) =>
			rows
				.filter((r) => r.nominationId === d)
				.map((r) => r.judgeId)
				.sort();
		// District A forwarded d1 and d2; district B and its commune nominated d3 and d4.
		expect(judgesOf(d1)).toEqual([j3.id, j4.id].sort());
		expect(judgesOf(d2)).toEqual([j3.id, j4.id].sort());
		expect(judgesOf(d3)).toEqual([j1.id, j2.id].sort());
		expect(judgesOf(d4)).toEqual([j1.id, j2.id].sort());
		for (const j of [j1, j2, j3, j4])
			expect(rows.filter((r) => r.judgeId === j.id)).toHaveLength(2);

		// j3 declares a conflict on d1: it goes to j1, the only other judge free to take it.
		const moved = await declareConflict(ctxFor(database, j3), {
			id: (await assignmentOf(j3, d1)).id,
			reason: 'Người được đề cử là người thân của tôi.'
		});
		expect(moved.replacementName).toBe('Giám khảo Tỉnh');
		expect((await assignmentOf(j3, d1)).status).toBe('conflict');
		expect((await assignmentOf(j1, d1)).status).toBe('assigned');
		const queue = await listMyQueue(ctxFor(database, j3));
		expect(queue[0]).toMatchObject({ total: 1, submitted: 0 });

		// Then j1 declares one too: nobody is left, and the organizer is told which and why.
		const none = await declareConflict(ctxFor(database, j1), {
			id: (await assignmentOf(j1, d1)).id,
			reason: 'Tôi từng công tác cùng đơn vị.'
		});
		expect(none.replacementName).toBeNull();
		const panel = await getPanel(s.ctx, s.campaign.id);
		expect(panel.coverage).toEqual([
			{
				nominationId: d1,
				nomineeName: 'Nguyễn Văn Một',
				got: 1,
				wanted: 2,
				assignable: false,
				reason: '3 giám khảo có xung đột lợi ích với hồ sơ này (2 giám khảo tự báo).'
			}
		]);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'judging.conflict'));
		expect(
			audit.filter((a) => (a.after as { nominationId: number }).nominationId === d1)
		).toHaveLength(2);
	});

	it('gives a spare judge to only one of two conflicts declared at the same moment', async () => {
		const s = await setUp();
		const [a, b, spare] = [
			await s.judge(s.province, 'Giám khảo A'),
			await s.judge(s.province, 'Giám khảo B'),
			await s.judge(s.province, 'Giám khảo Dự phòng')
		];
		await savePanelSettings(s.ctx, { id: s.campaign.id, ...twoPerDossier });
		const d = await s.dossier(s.grassroots, 'Hồ sơ tranh chấp');
		// The other dossiers keep the spare busy so that d goes to a and b.
		await s.dossier(s.grassroots, 'Hồ sơ phụ');
		await openRound(s.ctx, { id: s.campaign.id });
		const first = await assignmentOf(a, d).catch(() => null);
		const second = await assignmentOf(b, d).catch(() => null);
		expect(first && second).toBeTruthy();
		const outcomes = await Promise.all([
			declareConflict(ctxFor(database, a), { id: first!.id, reason: 'Lý do A' }),
			declareConflict(ctxFor(database, b), { id: second!.id, reason: 'Lý do B' })
		]);
		expect(outcomes.map((o) => o.replacementName).sort()).toEqual(
			['Giám khảo Dự phòng', null].sort()
		);
		const onDossier = await database.db
			.select()
			.from(judgeAssignments)
			.where(eq(judgeAssignments.nominationId, d));
		expect(onDossier.filter((r) => r.status !== 'conflict').map((r) => r.judgeId)).toEqual([
			spare.id
		]);
		const panel = await getPanel(s.ctx, s.campaign.id);
		expect(panel.coverage.map((g) => [g.nominationId, g.got, g.assignable])).toEqual([
			[d, 1, false]
		]);
	});

	it('reports dossiers that cannot get enough judges', async () => {
		const s = await setUp();
		await s.judge(s.district, 'Giám khảo Huyện A');
		const only = await s.dossier(s.grassroots, 'Lê Văn Xung Đột');
		const report = await openRound(s.ctx, { id: s.campaign.id });
		expect(report.assignments).toBe(0);
		expect(report.gaps).toEqual([
			{
				nominationId: only,
				nomineeName: 'Lê Văn Xung Đột',
				wanted: 1,
				got: 0,
				reason: '1 giám khảo có xung đột lợi ích với hồ sơ này.'
			}
		]);
	});

	it('refuses to open without judges, without a rubric, or twice; and freezes the rubric once open', async () => {
		const s = await setUp();
		await s.dossier(s.grassroots, 'Phạm Văn Năm');
		expect(await statusOf(openRound(s.ctx, { id: s.campaign.id }))).toBe(409);
		await s.judge(s.province, 'Giám khảo');
		await s.dossier(s.grassroots, 'Tập thể chưa có tiêu chí').then(async () => {
			// A collective dossier whose category has no criterion yet.
			await makeAcceptedDossier(database, {
				campaignId: s.campaign.id,
				categoryId: s.campaign.collective.id,
				unit: s.grassroots,
				name: 'Chi đoàn thôn Đông',
				top: s.province
			});
		});
		await expect(openRound(s.ctx, { id: s.campaign.id })).rejects.toThrow(/Tập thể tiêu biểu/);
		await addCriterion(s.ctx, {
			id: s.campaign.id,
			categoryId: s.campaign.collective.id,
			name: 'Hiệu quả hoạt động',
			description: '',
			maxScore: 100,
			weight: 1
		});
		await openRound(s.ctx, { id: s.campaign.id });
		expect(await statusOf(openRound(s.ctx, { id: s.campaign.id }))).toBe(409);
		// Nor does the assignment rule change once dossiers are given out.
		expect(await statusOf(savePanelSettings(s.ctx, { id: s.campaign.id, ...twoPerDossier }))).toBe(
			409
		);
		expect(
			await statusOf(
				addCriterion(s.ctx, {
					id: s.campaign.id,
					categoryId: s.campaign.individual.id,
					name: 'Thêm sau khi mở',
					description: '',
					maxScore: 10,
					weight: 1
				})
			)
		).toBe(409);
		// A judge may join later (to take what lacks judges), but nobody leaves an open round.
		const [seated] = (await getPanel(s.ctx, s.campaign.id)).judges;
		expect(await statusOf(removeJudge(s.ctx, { id: s.campaign.id, judgeId: seated!.userId }))).toBe(
			409
		);
	});
});

describe('dossiers whose status changes once the round has opened', () => {
	const T0 = new Date('2026-05-10T03:00:00Z');
	const later = new Date(T0.getTime() + 3 * 3_600_000);

	/**
	 * The round open with four accepted dossiers, two judges each, and a fifth dossier from
	 * commune B2 sent up and forwarded by district B, waiting at the province. Judges sit at the
	 * province (neutral), district A, district B (the fifth passed through it) and commune B2 (the
	 * fifth's own unit), or only at the given units.
	 */
	async function openWithFour(judgeUnits?: (communeB2: Unit, sibling: Unit) => Unit[]) {
		const s = await setUp(T0);
		const communeB2 = await makeUnit(database, s.sibling, { name: 'Đoàn xã B2' });
		const units = judgeUnits?.(communeB2, s.sibling) ?? [
			s.province,
			s.district,
			s.sibling,
			communeB2
		];
		const judges = [];
		for (const [i, unit] of units.entries()) judges.push(await s.judge(unit, `Giám khảo ${i + 1}`));
		const four = [
			await s.dossier(s.grassroots, 'Hồ sơ Một'),
			await s.dossier(s.grassroots, 'Hồ sơ Hai'),
			await s.dossier(s.siblingGrassroots, 'Hồ sơ Ba'),
			await s.dossier(s.sibling, 'Hồ sơ Bốn')
		];
		await savePanelSettings(s.ctx, { id: s.campaign.id, ...twoPerDossier });
		await openRound(s.ctx, { id: s.campaign.id });
		const officer = await makeUser(database, {
			unit: communeB2,
			roles: [{ role: 'officer', unit: communeB2 }]
		});
		const fifth = await createDraft(ctxFor(database, officer, T0), {
			campaignId: s.campaign.id,
			categoryId: s.campaign.individual.id,
			unitId: communeB2.id,
			dossier: individualDossier('Hồ sơ Năm')
		});
		await submitDossier(ctxFor(database, officer, T0), { id: fifth });
		await screenDossier(ctxFor(database, s.siblingOrganizer, T0), fifth, 'forward', null);
		return { ...s, judges, four, fifth, organizerLater: ctxFor(database, s.organizer, later) };
	}

	const judgeIdsOf = async (nominationId: number) =>
		(
			await database.db
				.select()
				.from(judgeAssignments)
				.where(eq(judgeAssignments.nominationId, nominationId))
		)
			.map((a) => a.judgeId)
			.sort((a, b) => a - b);

	it('a dossier accepted while the round is open is listed and judged under the same rules', async () => {
		const s = await openWithFour();
		const [province, districtA, districtB, ownCommune] = s.judges as [Actor, Actor, Actor, Actor];

		const outcome = await acceptDossier(s.organizerLater, { id: s.fifth });
		expect(outcome).toEqual({ round: 'open', judges: 2, short: false });

		const panel = await getPanel(s.organizerLater, s.campaign.id);
		expect(panel.accepted).toHaveLength(5);
		expect(panel.results[0]!.rows.map((r) => r.name).sort()).toEqual([
			'Hồ sơ Ba',
			'Hồ sơ Bốn',
			'Hồ sơ Hai',
			'Hồ sơ Một',
			'Hồ sơ Năm'
		]);
		expect(panel.results[0]!.rows.find((r) => r.nominationId === s.fifth)).toMatchObject({
			judgesAssigned: 2
		});
		expect(panel.coverage).toEqual([]);
		// Neither its own commune's judge nor the district that forwarded it; the two others.
		expect(await judgeIdsOf(s.fifth)).toEqual([province.id, districtA.id].sort((a, b) => a - b));
		expect(await judgeIdsOf(s.fifth)).not.toContain(ownCommune.id);
		expect(await judgeIdsOf(s.fifth)).not.toContain(districtB.id);
		// Every dossier has the same number of judges, and the new one is in its judges' queues.
		for (const id of [...s.four, s.fifth]) expect(await judgeIdsOf(id)).toHaveLength(2);
		const queue = await listMyQueue(ctxFor(database, province, later));
		expect(queue[0]!.items.map((i) => i.nomineeName)).toContain('Hồ sơ Năm');
		const told = await database.db
			.select()
			.from(notifications)
			.where(
				eq(
					notifications.message,
					'Bạn được phân công thêm hồ sơ “Hồ sơ Năm” (Đợt tôn vinh thử nghiệm).'
				)
			);
		expect(told.map((n) => n.userId).sort((a, b) => a - b)).toEqual(
			[province.id, districtA.id].sort((a, b) => a - b)
		);
		const [audit] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'judging.assign'), eq(auditLog.actorId, s.organizer.id)));
		expect(audit!.after).toMatchObject({
			pairs: expect.arrayContaining([{ nominationId: s.fifth, judgeId: province.id }])
		});
		// The judge scores it like any other.
		await saveScores(ctxFor(database, province, later), {
			id: (await assignmentOf(province, s.fifth)).id,
			...sheet(s.criteria, [7, 7, 7])
		});
	});

	it('a dossier accepted by any other path shows as without judges until the organizer assigns it', async () => {
		const s = await openWithFour();
		const [province, districtA] = s.judges as [Actor, Actor];
		// Screening's own accept knows nothing of judging: the panel reads the state.
		await screenDossier(s.organizerLater, s.fifth, 'accept', null);
		const before = await getPanel(s.organizerLater, s.campaign.id);
		expect(before.coverage).toEqual([
			{
				nominationId: s.fifth,
				nomineeName: 'Hồ sơ Năm',
				wanted: 2,
				got: 0,
				assignable: true,
				reason: 'Chưa được phân công giám khảo.'
			}
		]);
		expect(before.results[0]!.rows.find((r) => r.nominationId === s.fifth)).toMatchObject({
			judgesAssigned: 0,
			rank: null
		});
		expect(await assignPending(s.organizerLater, { id: s.campaign.id })).toEqual({
			assignments: 2,
			stillShort: 0
		});
		expect(await judgeIdsOf(s.fifth)).toEqual([province.id, districtA.id].sort((a, b) => a - b));
		expect((await getPanel(s.organizerLater, s.campaign.id)).coverage).toEqual([]);
		// Nothing is given twice; nobody outside the organizing unit assigns.
		expect(await assignPending(s.organizerLater, { id: s.campaign.id })).toEqual({
			assignments: 0,
			stillShort: 0
		});
		expect(
			await statusOf(
				assignPending(ctxFor(database, s.siblingOrganizer, later), { id: s.campaign.id })
			)
		).toBe(403);
	});

	it('with no judge free of conflicts, the organizer is told and a judge added later takes it', async () => {
		// Only district B and commune B2 judge: free for commune A1's dossiers, not for the fifth.
		const s = await openWithFour((communeB2, sibling) => [sibling, communeB2]);
		const outcome = await acceptDossier(s.organizerLater, { id: s.fifth });
		expect(outcome).toEqual({ round: 'open', judges: 0, short: true });
		const panel = await getPanel(s.organizerLater, s.campaign.id);
		expect(panel.coverage.find((g) => g.nominationId === s.fifth)).toEqual({
			nominationId: s.fifth,
			nomineeName: 'Hồ sơ Năm',
			wanted: 2,
			got: 0,
			assignable: false,
			reason: '2 giám khảo có xung đột lợi ích với hồ sơ này.'
		});
		expect(panel.results[0]!.rows.map((r) => r.name)).toContain('Hồ sơ Năm');

		// The province's judge joins: one more judge for "Ba" (district B passed it up), for
		// "Bốn" (nominated by district B, above commune B2) and for the fifth.
		const neutral = await makeUser(database, { unit: s.province, fullName: 'Giám khảo Bổ sung' });
		expect(
			await addJudgeByEmail(s.organizerLater, { id: s.campaign.id, email: neutral.email })
		).toEqual({
			assignments: 3
		});
		expect(await judgeIdsOf(s.fifth)).toEqual([neutral.id]);
		const after = await getPanel(s.organizerLater, s.campaign.id);
		expect(after.coverage.map((g) => [g.nomineeName, g.got, g.wanted, g.assignable])).toEqual([
			['Hồ sơ Bốn', 1, 2, false],
			['Hồ sơ Năm', 1, 2, false]
		]);
	});

	it('a dossier accepted after the round closed is shown unjudged, not left out of the results', async () => {
		const s = await openWithFour();
		await closeRound(s.organizerLater, { id: s.campaign.id });
		expect(await acceptDossier(s.organizerLater, { id: s.fifth })).toEqual({ round: 'closed' });
		expect(await judgeIdsOf(s.fifth)).toEqual([]);
		const panel = await getPanel(s.organizerLater, s.campaign.id);
		expect(panel.results[0]!.rows).toHaveLength(5);
		expect(panel.results[0]!.rows.at(-1)).toMatchObject({
			name: 'Hồ sơ Năm',
			rank: null,
			judgesAssigned: 0
		});
		expect(panel.coverage).toEqual([
			expect.objectContaining({
				nominationId: s.fifth,
				got: 0,
				assignable: false,
				reason: 'Vòng chấm đã kết thúc trước khi hồ sơ được phân công nên hồ sơ không được chấm.'
			})
		]);
		expect(await statusOf(assignPending(s.organizerLater, { id: s.campaign.id }))).toBe(409);
		const late = await makeUser(database, { unit: s.province });
		expect(
			await statusOf(addJudgeByEmail(s.organizerLater, { id: s.campaign.id, email: late.email }))
		).toBe(409);
	});

	it('a judge whose account is closed mid-round stops counting; their unscored dossier gets another judge', async () => {
		const s = await openWithFour();
		const [province, districtA, , communeB2] = s.judges as [Actor, Actor, Actor, Actor];
		const [, , ba, bon] = s.four as [number, number, number, number];
		const byId = (ids: number[]) => [...ids].sort((a, b) => a - b);
		expect(await judgeIdsOf(ba)).toEqual(byId([districtA.id, communeB2.id]));
		expect(await judgeIdsOf(bon)).toEqual(byId([province.id, districtA.id]));
		// District A's judge scores "Bốn", then their account is closed before scoring "Ba".
		await saveScores(ctxFor(database, districtA, later), {
			id: (await assignmentOf(districtA, bon)).id,
			...sheet(s.criteria, [6, 6, 6])
		});
		await deactivateUser(ctxFor(database, s.admin, later), { id: districtA.id });

		const panel = await getPanel(s.organizerLater, s.campaign.id);
		expect(panel.judges.find((j) => j.userId === districtA.id)).toMatchObject({ active: false });
		expect(panel.coverage).toEqual([
			expect.objectContaining({ nominationId: ba, got: 1, wanted: 2, assignable: true })
		]);
		expect(await assignPending(s.organizerLater, { id: s.campaign.id })).toEqual({
			assignments: 1,
			stillShort: 0
		});
		// The province's judge is the one free of conflicts with "Ba"; the submitted sheet on
		// "Bốn" still counts, so it gets nobody new.
		expect(await judgeIdsOf(ba)).toEqual(byId([province.id, districtA.id, communeB2.id]));
		expect(await judgeIdsOf(bon)).toEqual(byId([province.id, districtA.id]));
		expect((await getPanel(s.organizerLater, s.campaign.id)).coverage).toEqual([]);
	});

	it('a dossier no longer accepted leaves the judges’ queues, the progress and the results', async () => {
		const s = await openWithFour();
		const [gone] = s.four as [number];
		const holders = await judgeIdsOf(gone);
		const holder = s.judges.find((j) => j.id === holders[0])!;
		const queueBefore = await listMyQueue(ctxFor(database, holder, later));
		const assignment = await assignmentOf(holder, gone);
		// No use case takes an acceptance back today; judging must not depend on that staying so.
		await database.db
			.update(nominations)
			.set({ status: 'withdrawn' })
			.where(eq(nominations.id, gone));
		const queueAfter = await listMyQueue(ctxFor(database, holder, later));
		expect(queueAfter[0]!.total).toBe(queueBefore[0]!.total - 1);
		expect(queueAfter[0]!.items.map((i) => i.nominationId)).not.toContain(gone);
		expect(await statusOf(getScoringSheet(ctxFor(database, holder, later), assignment.id))).toBe(
			404
		);
		const panel = await getPanel(s.organizerLater, s.campaign.id);
		expect(panel.results[0]!.rows.map((r) => r.nominationId)).not.toContain(gone);
		// Four dossiers of two judges each were 8 assignments; the withdrawn one's 2 no longer count.
		expect(panel.progress.reduce((n, p) => n + p.assigned, 0)).toBe(6);
	});
});

describe('scoring', () => {
	it('refuses out-of-range scores, non-numbers, foreign criteria, other judges, and anything after submitting or closing', async () => {
		const s = await setUp();
		const j1 = await s.judge(s.province, 'Giám khảo Một');
		const j2 = await s.judge(s.province, 'Giám khảo Hai');
		const d = await s.dossier(s.grassroots, 'Hoàng Văn Sáu');
		await openRound(s.ctx, { id: s.campaign.id });
		const mine = (await assignmentOf(j1, d)).id;
		const c1 = ctxFor(database, j1);

		const outOfRange = saveScores(c1, { id: mine, ...sheet(s.criteria, [11, 5, 5]) });
		await expect(outOfRange).rejects.toMatchObject({
			status: 400,
			fieldErrors: {
				[`score_${s.criteria[0]}`]: ['Điểm tiêu chí «Phẩm chất đạo đức» phải từ 0 đến 10.']
			}
		});
		const notNumber = scoreSheetSchema.safeParse({
			[`score_${s.criteria[0]}`]: 'tám',
			intent: 'save'
		});
		expect(notNumber.success).toBe(false);
		expect(notNumber.error!.issues[0]).toMatchObject({
			path: [`score_${s.criteria[0]}`],
			message: 'Điểm phải là một số (tối đa 2 chữ số thập phân).'
		});
		const foreign = await addCriterion(s.ctx, {
			id: s.campaign.id,
			categoryId: s.campaign.collective.id,
			name: 'Khác',
			description: '',
			maxScore: 10,
			weight: 1
		}).catch(() => null);
		expect(foreign).toBeNull(); // the rubric is frozen once the round is open
		const stray = scoreSheetSchema.parse({ score_999999: '5', intent: 'save' });
		await expect(saveScores(c1, { id: mine, ...stray })).rejects.toMatchObject({ status: 400 });
		await expect(
			saveScores(c1, { id: mine, ...sheet(s.criteria, [8, null, 7]) })
		).rejects.toMatchObject({
			status: 400,
			fieldErrors: {
				[`score_${s.criteria[1]}`]: ['Chưa chấm tiêu chí «Thành tích nổi bật, có sức lan toả».']
			}
		});

		// Nobody scores a sheet that is not theirs: another judge, the organizer, an administrator.
		for (const other of [j2, s.organizer, s.admin]) {
			expect(
				await statusOf(
					saveScores(ctxFor(database, other), { id: mine, ...sheet(s.criteria, [5, 5, 5]) })
				)
			).toBe(404);
			expect(await statusOf(getScoringSheet(ctxFor(database, other), mine))).toBe(404);
			expect(await statusOf(readAssignedFile(ctxFor(database, other), mine, 'x'))).toBe(404);
		}

		await saveScores(c1, { id: mine, ...sheet(s.criteria, [8, null, 7], 'save') });
		expect((await getScoringSheet(c1, mine)).assignment.status).toBe('draft');
		await saveScores(c1, { id: mine, ...sheet(s.criteria, [8, 9, 7]) });
		expect(await statusOf(saveScores(c1, { id: mine, ...sheet(s.criteria, [1, 1, 1]) }))).toBe(409);
		expect((await getScoringSheet(c1, mine)).ownTotal).toBe(81);

		await closeRound(s.ctx, { id: s.campaign.id });
		const late = saveScores(ctxFor(database, j2), {
			id: (await assignmentOf(j2, d)).id,
			...sheet(s.criteria, [5, 5, 5])
		});
		await expect(late).rejects.toMatchObject({
			status: 409,
			message: 'Vòng chấm đã kết thúc: không nhận thêm điểm.'
		});
	});

	it('hides the other judges’ scores until this judge submits, and shows them after only if allowed', async () => {
		for (const reveal of [true, false]) {
			const s = await setUp();
			await savePanelSettings(s.ctx, { id: s.campaign.id, ...settings, revealAfterSubmit: reveal });
			const j1 = await s.judge(s.province, 'Giám khảo Một');
			const j2 = await s.judge(s.province, 'Giám khảo Hai');
			const d = await s.dossier(s.grassroots, 'Vũ Thị Bảy');
			await openRound(s.ctx, { id: s.campaign.id });
			const a1 = (await assignmentOf(j1, d)).id;
			const a2 = (await assignmentOf(j2, d)).id;
			await saveScores(ctxFor(database, j1), { id: a1, ...sheet(s.criteria, [9, 9, 9]) });
			const before = await getScoringSheet(ctxFor(database, j2), a2);
			expect(before.others).toBeNull();
			// Nothing of j1's sheet is anywhere in what j2's page receives.
			expect(JSON.stringify(before)).not.toMatch(/"total":90|Giám khảo Một/);
			await saveScores(ctxFor(database, j2), { id: a2, ...sheet(s.criteria, [5, 6, 7]) });
			const after = await getScoringSheet(ctxFor(database, j2), a2);
			if (reveal)
				expect(after.others).toEqual([
					expect.objectContaining({ label: 'Giám khảo A', total: 90 })
				]);
			else expect(after.others).toBeNull();
		}
	});
});

describe('results', () => {
	it('weights, averages, flags the spread, keeps ties, shortlists and exports the hand-computed figures', async () => {
		const s = await setUp();
		await savePanelSettings(s.ctx, { id: s.campaign.id, ...settings, spreadThreshold: 18 });
		const judges = [
			await s.judge(s.province, 'Giám khảo An'),
			await s.judge(s.province, 'Giám khảo Bình'),
			await s.judge(s.province, 'Giám khảo Cúc')
		];
		const x = await s.dossier(s.grassroots, 'Hồ sơ X');
		const y = await s.dossier(s.siblingGrassroots, 'Hồ sơ Y');
		const z = await s.dossier(s.sibling, 'Hồ sơ Z');
		await openRound(s.ctx, { id: s.campaign.id });
		// Weighted totals (3·a + 4·b + 3·c): X 81, 90, 70; Y 70, 71, 87; Z 80, 70, 78.
		const scores: Record<number, [number, number, number][]> = {
			[x]: [
				[8, 9, 7],
				[9, 9, 9],
				[6, 7, 8]
			],
			[y]: [
				[7, 7, 7],
				[6, 8, 7],
				[9, 9, 8]
			],
			[z]: [
				[8, 8, 8],
				[7, 7, 7],
				[8, 9, 6]
			]
		};
		for (const [dossierId, rows] of Object.entries(scores)) {
			for (const [i, judge] of judges.entries()) {
				const assignment = await assignmentOf(judge, Number(dossierId));
				await saveScores(ctxFor(database, judge), {
					id: assignment.id,
					...sheet(s.criteria, rows[i]!)
				});
			}
		}
		expect(await statusOf(markShortlist(s.ctx, { id: s.campaign.id, rule: 'top', count: 1 }))).toBe(
			409
		);
		await closeRound(s.ctx, { id: s.campaign.id });
		expect(await markShortlist(s.ctx, { id: s.campaign.id, rule: 'top', count: 2 })).toBe(3);
		expect(await markShortlist(s.ctx, { id: s.campaign.id, rule: 'top', count: 1 })).toBe(1);

		const { results } = await getPanel(s.ctx, s.campaign.id);
		const rows = results[0]!.rows.map((r) => ({
			name: r.name,
			totals: r.sheets.map((t) => t.total),
			score: r.score,
			rank: r.rank,
			spread: r.spread,
			flagged: r.flagged,
			shortlisted: r.shortlisted
		}));
		expect(rows).toEqual([
			{
				name: 'Hồ sơ X',
				totals: [81, 90, 70],
				score: 80.33,
				rank: 1,
				spread: 20,
				flagged: true,
				shortlisted: true
			},
			{
				name: 'Hồ sơ Y',
				totals: [70, 71, 87],
				score: 76,
				rank: 2,
				spread: 17,
				flagged: false,
				shortlisted: false
			},
			{
				name: 'Hồ sơ Z',
				totals: [80, 70, 78],
				score: 76,
				rank: 2,
				spread: 10,
				flagged: false,
				shortlisted: false
			}
		]);

		const workbook = await readXlsx(await exportScoreSheet(s.ctx, s.campaign.id));
		// A sheet per category, named after it, the campaign and scale in the title row above
		// the frozen header; every score a number cell.
		expect(workbook.worksheets.map((w) => w.name)).toEqual(
			results.map((r) => r.categoryName.slice(0, 31))
		);
		const scoreSheet = workbook.worksheets[0]!;
		expectOfficeLayout(scoreSheet, 2);
		expect(scoreSheet.getCell('A1').value).toBe(
			`Đợt tôn vinh thử nghiệm — Cá nhân tiêu biểu (thang điểm ${results[0]!.scale})`
		);
		const [header, ...body] = sheetRows(scoreSheet, 2) as [string[], ...unknown[][]];
		const col = (name: string) => header.indexOf(name);
		expect(body.map((r) => [r[col('Điểm trung bình')], r[col('Chênh lệch')]])).toEqual(
			results[0]!.rows.map((r) => [r.raw, r.spread])
		);
		for (const judge of judges)
			expect(body.map((r) => r[col(`${judge.fullName} — Tổng`)])).toEqual(
				results[0]!.rows.map((r) => r.sheets.find((t) => t.judgeId === judge.id)?.total ?? null)
			);
		expect(header.slice(0, 3)).toEqual(['Hạng', 'Hồ sơ', 'Đơn vị đề cử']);
		expect(col('Giám khảo An — Tổng')).toBeGreaterThan(2);
		expect(
			body.map((r) => [r[0], r[1], r[col('Điểm trung bình')], r[col('Danh sách rút gọn')]])
		).toEqual([
			[1, 'Hồ sơ X', 80.33, 'Có'],
			[2, 'Hồ sơ Y', 76, ''],
			[2, 'Hồ sơ Z', 76, '']
		]);
		expect(body[0]![col('Giám khảo Bình — Tổng')]).toBe(90);
		expect(body[0]![col('Giám khảo An — Thành tích nổi bật, có sức lan toả (tối đa 10, ×4)')]).toBe(
			9
		);

		// Award decisions drawn from this campaign list the dossiers in the judged order.
		const candidates = await campaignResults(database.db, s.campaign.id);
		expect(candidates.map((c) => [c.name, c.rank])).toEqual([
			['Hồ sơ X', 1],
			['Hồ sơ Y', 2],
			['Hồ sơ Z', 2]
		]);

		// The public sees the shortlist and each finalist's story; nobody else, and no evidence.
		const anyone = ctxFor(database, null);
		expect((await listPublicShortlist(anyone, s.campaign.id)).map((f) => f.name)).toEqual([
			'Hồ sơ X'
		]);
		const story = await getPublicFinalist(anyone, s.campaign.id, x);
		expect(story.finalist.facts.map((f) => f.label)).toEqual(['Chức vụ', 'Nơi công tác, học tập']);
		expect(JSON.stringify(story)).not.toMatch(/score|total|judge/i);
		expect(await statusOf(getPublicFinalist(anyone, s.campaign.id, y))).toBe(404);
		expect(await statusOf(readFinalistPhoto(anyone, s.campaign.id, x, 'no-such-photo'))).toBe(404);

		const actions = (
			await database.db
				.select({ action: auditLog.action })
				.from(auditLog)
				.where(like(auditLog.action, 'judging.%'))
		).map((a) => a.action);
		for (const action of ['judging.open', 'judging.submit', 'judging.close', 'judging.shortlist']) {
			expect(actions).toContain(action);
		}
	});
});

describe('final ranking', () => {
	it('puts the shortlist on a poll once, and weighs jury and public 70/30 on the real tally', async () => {
		const s = await setUp();
		const judge = await s.judge(s.province, 'Giám khảo Chung kết');
		const p = await s.dossier(s.grassroots, 'Ứng viên P');
		const q = await s.dossier(s.siblingGrassroots, 'Ứng viên Q');
		await openRound(s.ctx, { id: s.campaign.id });
		await saveScores(ctxFor(database, judge), {
			id: (await assignmentOf(judge, p)).id,
			...sheet(s.criteria, [8, 8, 8])
		});
		await saveScores(ctxFor(database, judge), {
			id: (await assignmentOf(judge, q)).id,
			...sheet(s.criteria, [9, 9, 9])
		});
		await closeRound(s.ctx, { id: s.campaign.id });
		await markShortlist(s.ctx, { id: s.campaign.id, rule: 'top', count: 2 });

		const hour = 3_600_000;
		const opensAt = new Date(s.ctx.now.getTime() + hour);
		const pollId = await createPoll(s.ctx, {
			title: 'Bình chọn chung kết',
			description: '',
			unitId: s.province.id,
			opensAt,
			closesAt: new Date(opensAt.getTime() + 240 * hour),
			maxChoices: 1,
			dailyVoting: false,
			audience: 'accounts',
			resultsVisibility: 'organizers',
			addressDailyLimit: null
		});
		// Another subtree's organizer cannot attach this campaign; attaching twice adds nothing.
		expect(
			await statusOf(
				addShortlistToPoll(ctxFor(database, s.siblingOrganizer), {
					id: pollId,
					campaignId: s.campaign.id
				})
			)
		).toBe(404);
		expect(await addShortlistToPoll(s.ctx, { id: pollId, campaignId: s.campaign.id })).toBe(2);
		expect(await addShortlistToPoll(s.ctx, { id: pollId, campaignId: s.campaign.id })).toBe(0);
		// A second poll cannot take the same shortlist: the final ranking reads one tally.
		const other = await createPoll(s.ctx, {
			title: 'Bình chọn thứ hai',
			description: '',
			unitId: s.province.id,
			opensAt,
			closesAt: new Date(opensAt.getTime() + 240 * hour),
			maxChoices: 1,
			dailyVoting: false,
			audience: 'accounts',
			resultsVisibility: 'organizers',
			addressDailyLimit: null
		});
		await expect(
			addShortlistToPoll(s.ctx, { id: other, campaignId: s.campaign.id })
		).rejects.toMatchObject({
			status: 409,
			message: 'Danh sách rút gọn của đợt này đã được đưa ra bình chọn trong “Bình chọn chung kết”.'
		});
		const options = await database.db
			.select()
			.from(pollOptions)
			.where(eq(pollOptions.pollId, pollId));
		const optionOf = (id: number) => options.find((o) => o.nominationId === id)!;
		expect(optionOf(p)).toMatchObject({
			title: 'Ứng viên P',
			link: `/dot/${s.campaign.id}/ung-vien/${p}`
		});

		const during = new Date(opensAt.getTime() + hour);
		for (const choice of [p, p, p, q]) {
			const member = await makeUser(database, { unit: s.grassroots });
			await castVote(ctxFor(database, member, during), {
				id: pollId,
				optionIds: [optionOf(choice).id],
				voter: {
					token: `final-${member.id}`,
					address: '10.1.1.1'
				}
			});
		}
		expect(
			await statusOf(
				addShortlistToPoll(ctxFor(database, s.organizer, during), {
					id: pollId,
					campaignId: s.campaign.id
				})
			)
		).toBe(409);
		// Nor is the shortlist marked again under the voters' feet.
		await expect(
			markShortlist(ctxFor(database, s.organizer, during), {
				id: s.campaign.id,
				rule: 'top',
				count: 1
			})
		).rejects.toMatchObject({
			status: 409,
			message:
				'Danh sách rút gọn đang được bình chọn trong “Bình chọn chung kết”: không lập lại được nữa.'
		});

		const final = await getFinalRanking(ctxFor(database, s.organizer, during), s.campaign.id);
		expect(final!.poll).toMatchObject({ id: pollId, counted: 4, standing: { provisional: true } });
		// P: 0.7·80 + 0.3·100 = 86. Q: 0.7·90 + 0.3·(1/3·100 = 33.33) = 73.
		expect(
			final!.categories[0]!.rows.map((r) => [
				r.name,
				r.juryPoints,
				r.votes,
				r.publicPoints,
				r.score,
				r.rank
			])
		).toEqual([
			['Ứng viên P', 80, 3, 100, 86, 1],
			['Ứng viên Q', 90, 1, 33.33, 73, 2]
		]);
		expect(
			await statusOf(getFinalRanking(ctxFor(database, s.siblingOrganizer), s.campaign.id))
		).toBe(403);
	});
});

describe('progress', () => {
	it('reminds only the judges with sheets left, and shows raw and normalised totals side by side', async () => {
		const s = await setUp();
		await savePanelSettings(s.ctx, { id: s.campaign.id, ...settings, normalize: true });
		const done = await s.judge(s.province, 'Giám khảo Xong');
		const behind = await s.judge(s.province, 'Giám khảo Chậm');
		const d = await s.dossier(s.grassroots, 'Hồ sơ Nhắc');
		await openRound(s.ctx, { id: s.campaign.id });
		await saveScores(ctxFor(database, done), {
			id: (await assignmentOf(done, d)).id,
			...sheet(s.criteria, [5, 5, 5])
		});
		expect(await remindJudges(s.ctx, { id: s.campaign.id })).toBe(1);
		const reminders = await database.db
			.select()
			.from(notifications)
			.where(like(notifications.message, 'Nhắc việc:%'));
		expect(reminders.map((n) => n.userId)).toEqual([behind.id]);
		const { progress, results } = await getPanel(s.ctx, s.campaign.id);
		expect(progress.find((p) => p.judgeId === behind.id)).toMatchObject({
			assigned: 1,
			submitted: 0
		});
		// One sheet: its judge's totals do not vary, so the normalised figure is the panel mean.
		expect(results[0]!.rows[0]).toMatchObject({ raw: 50, normalized: 50, score: 50 });
	});
});

describe('permissions', () => {
	it('keeps panels to the organizers of the organizing unit', async () => {
		const s = await setUp();
		expect(await statusOf(getPanel(ctxFor(database, s.organizer), s.campaign.id))).toBe(200);
		// The district organizer sits below the province that runs the campaign.
		for (const outsider of [s.siblingOrganizer, s.member, s.districtOrganizer]) {
			expect(await statusOf(getPanel(ctxFor(database, outsider), s.campaign.id))).toBe(403);
			expect(await statusOf(openRound(ctxFor(database, outsider), { id: s.campaign.id }))).toBe(
				403
			);
		}
		expect(await statusOf(getPanel(ctxFor(database, null), s.campaign.id))).toBe(401);
	});

	it('adds only people the organizer can see as judges', async () => {
		const s = await setUp();
		const elsewhere = await makeUnit(database, null, { name: 'Tỉnh khác' });
		const stranger = await makeUser(database, { unit: elsewhere });
		await expect(
			addJudgeByEmail(s.ctx, { id: s.campaign.id, email: stranger.email })
		).rejects.toMatchObject({
			status: 400,
			fieldErrors: { email: ['Không tìm thấy người dùng có email này trong phạm vi bạn quản lý.'] }
		});
		const judge = await s.judge(s.province, 'Giám khảo Bảy');
		expect(await statusOf(addJudgeByEmail(s.ctx, { id: s.campaign.id, email: judge.email }))).toBe(
			409
		);
	});
});
