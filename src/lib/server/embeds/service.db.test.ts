import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createCampaign } from '../campaigns';
import {
	addRound,
	copyContest,
	createContest,
	getContestForOrganizer,
	getPublicRoundHeading,
	openRound
} from '../contests';
import type { Database } from '../db/client';
import { auditLog, pollBallots } from '../db/schema';
import { contestInput, makeApprovedQuestion, roundInput } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeCampaign, makeTree } from '../testing/factories';
import { solvedProof } from '../testing/proof';
import { statusOf } from '../testing/status';
import { updateEmbedOrigins } from '../units';
import { addPollOption, castVote, createPoll, issueVoteChallenge } from '../voting';
import { framingOf, oembed } from './service';

const ORIGIN = 'https://guongsang.example.vn';
const HOUR = 3600_000;
const T0 = new Date('2026-11-25T01:00:00Z');
const during = new Date(T0.getTime() + 2 * HOUR);

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let pollId: number;
let optionId: number;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, new Date(T0.getTime() - 24 * HOUR));
	pollId = await createPoll(ctx, {
		title: 'Bình chọn gương sáng huyện A',
		description: '',
		unitId: tree.district.id,
		opensAt: T0,
		closesAt: new Date(T0.getTime() + 72 * HOUR),
		maxChoices: 1,
		dailyVoting: false,
		audience: 'anyone',
		resultsVisibility: 'live',
		addressDailyLimit: 5
	});
	optionId = (await addPollOption(ctx, { id: pollId, title: 'Phương án 1', summary: '' })).id;
});
afterAll(async () => {
	await database?.close();
});

describe('a unit’s allowed sites', () => {
	it('are edited by the unit’s administrators, audited, and refused to others', async () => {
		const mine = ctxFor(database, tree.organizer);
		const saved = await updateEmbedOrigins(mine, {
			id: tree.district.id,
			embedOrigins: 'https://huyendoan-a.example.vn/\nhttps://huyendoan-a.example.vn'
		});
		expect(saved.embedOrigins).toEqual(['https://huyendoan-a.example.vn']);
		await updateEmbedOrigins(ctxFor(database, tree.admin), {
			id: tree.province.id,
			embedOrigins: 'https://tinhdoan.example.vn'
		});
		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'unit.embeds'), eq(auditLog.entityId, String(tree.district.id)))
			);
		expect(entry!.after).toEqual({ embedOrigins: ['https://huyendoan-a.example.vn'] });

		// Another district's organizer may not touch this district's list.
		expect(
			await statusOf(
				updateEmbedOrigins(ctxFor(database, tree.siblingOrganizer), {
					id: tree.district.id,
					embedOrigins: 'https://ke-la.example.vn'
				})
			)
		).toBe(403);
		// A path is refused field by field, and nothing is written.
		expect(
			await statusOf(
				updateEmbedOrigins(mine, {
					id: tree.district.id,
					embedOrigins: 'https://huyendoan-a.example.vn/tin-tuc'
				})
			)
		).toBe(400);
		expect((await framingOf(database, tree.district.path)).sort()).toEqual([
			'https://huyendoan-a.example.vn',
			'https://tinhdoan.example.vn'
		]);
	});

	it('frame a unit’s pages together with the lists of the units above it, never a sibling’s', async () => {
		expect(await framingOf(database, tree.grassroots.path)).toEqual([
			'https://huyendoan-a.example.vn',
			'https://tinhdoan.example.vn'
		]);
		expect(await framingOf(database, tree.sibling.path)).toEqual(['https://tinhdoan.example.vn']);
		// The whole tree's honour roll: the top units' lists.
		expect(await framingOf(database, null)).toEqual(['https://tinhdoan.example.vn']);
	});
});

describe('oEmbed', () => {
	const visitor = () => ctxFor(database, null, during);

	it('answers a poll, by its public page or its frame, as a rich embed of its frame', async () => {
		for (const path of [`/binh-chon/${pollId}`, `/nhung/binh-chon/${pollId}`]) {
			const answer = await oembed(visitor(), `${ORIGIN}${path}`, ORIGIN);
			expect(answer).toMatchObject({
				type: 'rich',
				version: '1.0',
				title: 'Bình chọn: Bình chọn gương sáng huyện A',
				provider_name: 'Gương Sáng'
			});
			expect(answer.html).toContain(`src="${ORIGIN}/nhung/binh-chon/${pollId}"`);
		}
	});

	it('answers a published campaign’s shortlist and the honour roll, whole or of one unit', async () => {
		const campaign = await makeCampaign(database, tree.admin, tree.province);
		const shortlist = await oembed(visitor(), `${ORIGIN}/dot/${campaign.id}`, ORIGIN);
		expect(shortlist.title).toBe('Danh sách đề cử: Đợt tôn vinh thử nghiệm');
		expect(shortlist.html).toContain(`${ORIGIN}/nhung/dot/${campaign.id}`);
		expect((await oembed(visitor(), `${ORIGIN}/vinh-danh`, ORIGIN)).title).toBe(
			'Bảng vàng Gương Sáng'
		);
		const ofUnit = await oembed(visitor(), `${ORIGIN}/vinh-danh?unit=${tree.district.id}`, ORIGIN);
		expect(ofUnit.title).toBe('Bảng vàng — Huyện đoàn A');
		expect(ofUnit.html).toContain(`${ORIGIN}/nhung/vinh-danh?unit=${tree.district.id}`);
	});

	it('is 404 for what the public cannot read, another site, or a page without a frame', async () => {
		const draft = await createCampaign(ctxFor(database, tree.admin), {
			organizingUnitId: tree.province.id,
			title: 'Đợt chưa công bố',
			description: '',
			year: 2026
		});
		for (const address of [
			`${ORIGIN}/binh-chon/999999`,
			`${ORIGIN}/dot/${draft}`,
			`${ORIGIN}/vinh-danh?unit=999999`,
			`${ORIGIN}/quan-tri/binh-chon/${pollId}`,
			`https://other.example.vn/binh-chon/${pollId}`,
			'khong-phai-dia-chi'
		])
			expect(await statusOf(oembed(visitor(), address, ORIGIN)), address).toBe(404);
		// A signed-in organizer asking changes nothing: oEmbed answers as the public.
		expect(
			await statusOf(oembed(ctxFor(database, tree.admin), `${ORIGIN}/dot/${draft}`, ORIGIN))
		).toBe(404);
	});
});

describe('a contest round’s board', () => {
	const visitor = () => ctxFor(database, null, during);
	let contestId: number;
	let closedId: number;
	let unopenedId: number;

	beforeAll(async () => {
		const ctx = ctxFor(database, tree.organizer, new Date(T0.getTime() - 24 * HOUR));
		await makeApprovedQuestion(ctx, tree.district.id);
		contestId = (await createContest(ctx, contestInput(tree.district.id, 'Tìm hiểu Đoàn'))).id;
		const week = (title: string, from: number, to: number) =>
			addRound(ctx, {
				contestId,
				...roundInput(
					title,
					new Date(T0.getTime() + from * HOUR),
					new Date(T0.getTime() + to * HOUR)
				)
			});
		closedId = (await week('Tuần 1', 0, 1)).id;
		await openRound(ctx, { roundId: closedId });
		unopenedId = (await week('Tuần 2', 24, 48)).id;
	});

	it('answers oEmbed for a closed round’s page, titled by contest and round, framing its board', async () => {
		const answer = await oembed(
			visitor(),
			`${ORIGIN}/cuoc-thi/${contestId}/tuan/${closedId}`,
			ORIGIN
		);
		expect(answer).toMatchObject({
			type: 'rich',
			title: 'Bảng xếp hạng: Tìm hiểu Đoàn — Tuần 1',
			height: 720
		});
		expect(answer.html).toContain(`src="${ORIGIN}/nhung/cuoc-thi/${contestId}/tuan/${closedId}"`);
	});

	it('is framed by the contest unit’s list and those above it', async () => {
		const { contest } = await getPublicRoundHeading(visitor(), contestId, closedId);
		expect(contest).toMatchObject({ unitName: 'Huyện đoàn A', unitPath: tree.district.path });
		expect((await framingOf(database, contest.unitPath)).sort()).toEqual([
			'https://huyendoan-a.example.vn',
			'https://tinhdoan.example.vn'
		]);
	});

	it('is 404 for a draft contest, an unopened round, or a round under another contest', async () => {
		const organizer = ctxFor(database, tree.organizer, during);
		const draft = await copyContest(organizer, { contestId });
		const draftRound = (await getContestForOrganizer(organizer, draft.id)).rounds[0]!;
		const other = await createContest(organizer, contestInput(tree.district.id, 'Cuộc thi khác'));
		for (const path of [
			`/cuoc-thi/${draft.id}/tuan/${draftRound.id}`,
			`/cuoc-thi/${contestId}/tuan/${unopenedId}`,
			`/cuoc-thi/${other.id}/tuan/${closedId}`,
			`/nhung/cuoc-thi/${contestId}/tuan/999999`
		])
			expect(await statusOf(oembed(visitor(), `${ORIGIN}${path}`, ORIGIN)), path).toBe(404);
		// Its organizer asking changes nothing: oEmbed answers as the public.
		expect(
			await statusOf(
				oembed(organizer, `${ORIGIN}/cuoc-thi/${draft.id}/tuan/${draftRound.id}`, ORIGIN)
			)
		).toBe(404);
	});
});

describe('a ballot from a browser that keeps no cookie (a framed poll)', () => {
	it('counts once, keyed by its spent proof; the same proof again is refused', async () => {
		const ctx = ctxFor(database, null, during);
		const altcha = await solvedProof(await issueVoteChallenge(ctx, pollId));
		const cast = () =>
			castVote(ctx, {
				id: pollId,
				optionIds: [optionId],
				altcha,
				voter: { token: null, address: '10.9.9.9' }
			});
		const first = await cast();
		expect(first.trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await statusOf(cast())).toBe(400);
		const ballots = await database.db
			.select()
			.from(pollBallots)
			.where(eq(pollBallots.pollId, pollId));
		expect(ballots).toHaveLength(1);
		expect(ballots[0]!.voterKey).toMatch(/^p:/);
	});
});
