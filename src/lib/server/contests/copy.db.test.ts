import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { contestPlayers, contestRounds, contests, roundPool } from '../db/schema';
import { issueChallenge } from '../antiabuse/pow';
import { antiAbuseKey } from '../antiabuse/repo';
import { contestInput, makeApprovedQuestion, roundInput } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { solvedProof } from '../testing/proof';
import { statusOf } from '../testing/status';
import type { PlayCtx } from './access';
import {
	addRound,
	copyContest,
	createContest,
	getContestPage,
	getLeaderboard,
	getOverallLeaderboard,
	issueRegistrationChallenge,
	listOpenContests,
	openRound,
	publishContest,
	register,
	registerGuest,
	startAttempt
} from './service';

// Next year's contest from this year's: a draft with the same rules and rounds a year later,
// which nobody outside its organizers sees, enters or plays until it is published.
let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const now = new Date('2026-12-01T03:00:00Z');
const at = (iso: string) => new Date(`${iso}+07:00`);
/** Inside the copy's first round, a year after the source's. */
const nextNovember = at('2027-11-03T10:00:00');

/** Every column of a round that a copy carries over (ids, locks and publications are its own). */
function roundTerms(r: typeof contestRounds.$inferSelect) {
	const {
		id: _id,
		contestId: _c,
		lockedAt: _l,
		winnersPublishedAt: _w,
		createdAt: _a,
		...rest
	} = r;
	return rest;
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

async function lastYearsContest() {
	const ctx = ctxFor(database, tree.organizer, now);
	for (let i = 0; i < 3; i++)
		await makeApprovedQuestion(ctx, tree.district.id, { topic: 'Nghị quyết Đại hội' });
	const source = await createContest(
		ctx,
		contestInput(tree.district.id, 'Tìm hiểu Nghị quyết Đại hội Đoàn năm 2026', {
			description: 'Thể lệ: mỗi tuần 2 câu, 2 lượt.',
			scope: 'public',
			predictionKind: 'perfect',
			tieBreaks: ['correct', 'duration', 'prediction', 'submitted'],
			guestHourlyLimit: 40
		})
	);
	const week = (n: number, opens: string, closes: string) =>
		addRound(ctx, {
			contestId: source.id,
			...roundInput(`Tuần ${n} (11/2026)`, at(opens), at(closes), {
				questionCount: 2,
				timeLimitMinutes: 15,
				attemptsAllowed: 2,
				topics: ['Nghị quyết Đại hội'],
				difficulties: [1, 2],
				predictionQuestion: `Bao nhiêu lượt trả lời đúng tuần ${n} năm 2026?`,
				prizeTiers: [
					{ label: 'Giải Nhất', count: 1 },
					{ label: 'Giải Khuyến khích', count: 3 }
				]
			})
		});
	const first = await week(1, '2026-11-02T08:00:00', '2026-11-09T08:00:00');
	await week(2, '2026-11-09T08:00:00', '2026-11-16T08:00:00');
	await openRound(ctx, { roundId: first.id });
	await register(ctxFor(database, tree.member, now), {
		consent: true,
		contestId: source.id,
		fullName: 'Nguyễn Văn Dự',
		phone: '0912000001',
		idNumber: '001099000001',
		birthDate: undefined,
		unitId: tree.grassroots.id
	});
	return source;
}

const rows = async (table: typeof contests | typeof contestRounds, contestId: number) =>
	table === contests
		? database.db.select().from(contests).where(eq(contests.id, contestId))
		: database.db
				.select()
				.from(contestRounds)
				.where(eq(contestRounds.contestId, contestId))
				.orderBy(contestRounds.number);

describe('copying a contest to next year', () => {
	it('makes a draft with its rules and rounds a year later, without players or pools', async () => {
		const source = await lastYearsContest();
		const ctx = ctxFor(database, tree.organizer, now);
		const copy = await copyContest(ctx, { contestId: source.id });

		const [before] = (await rows(contests, source.id)) as (typeof contests.$inferSelect)[];
		const [after] = (await rows(contests, copy.id)) as (typeof contests.$inferSelect)[];
		expect(after!.title).toBe('Tìm hiểu Nghị quyết Đại hội Đoàn năm 2027');
		expect(after!.draft).toBe(true);
		expect(before!.draft).toBe(false);
		const terms = ({
			id: _i,
			title: _t,
			draft: _d,
			createdAt: _c,
			updatedAt: _u,
			...rest
		}: typeof after & {}) => rest;
		expect(terms(after!)).toEqual({ ...terms(before!), createdById: tree.organizer.id });

		const sourceRounds = (await rows(
			contestRounds,
			source.id
		)) as (typeof contestRounds.$inferSelect)[];
		const copiedRounds = (await rows(
			contestRounds,
			copy.id
		)) as (typeof contestRounds.$inferSelect)[];
		const aYearOn = (d: Date) => new Date(d.getTime() + 365 * 86_400_000);
		expect(copiedRounds.map(roundTerms)).toEqual(
			sourceRounds.map((r) => ({
				...roundTerms(r),
				title: r.title.replace('2026', '2027'),
				predictionQuestion: r.predictionQuestion.replace('2026', '2027'),
				opensAt: aYearOn(r.opensAt),
				closesAt: aYearOn(r.closesAt)
			}))
		);
		expect(copiedRounds.map((r) => [r.lockedAt, r.winnersPublishedAt])).toEqual([
			[null, null],
			[null, null]
		]);
		const pools = await database.db
			.select()
			.from(roundPool)
			.where(eq(roundPool.roundId, copiedRounds[0]!.id));
		expect(pools).toEqual([]);
		const players = await database.db
			.select()
			.from(contestPlayers)
			.where(eq(contestPlayers.contestId, copy.id));
		expect(players).toEqual([]);
	});

	it('keeps the draft from the public until it is published', async () => {
		const source = await lastYearsContest();
		const organizer = ctxFor(database, tree.organizer, nextNovember);
		const { id } = await copyContest(organizer, { contestId: source.id });
		const [first] = (await rows(contestRounds, id)) as (typeof contestRounds.$inferSelect)[];
		const guest: PlayCtx = { ...ctxFor(database, null, nextNovember), guest: null };
		const member = ctxFor(database, tree.member, nextNovember);
		const registration = {
			contestId: id,
			fullName: 'Trần Thị Nháp',
			phone: '0912000002',
			idNumber: '001099000002',
			birthDate: undefined,
			unitId: tree.grassroots.id,
			consent: true
		};
		const proof = async () =>
			solvedProof(await issueChallenge(await antiAbuseKey(database.db), nextNovember, 50));

		// Its organizers review it; nobody can register on it, even they.
		const preview = await getContestPage(organizer, id);
		expect(preview.contest.draft).toBe(true);
		expect(preview.canTake).toBe(false);
		expect(await statusOf(getContestPage(guest, id))).toBe(404);
		expect(await statusOf(getContestPage(member, id))).toBe(404);
		expect(await statusOf(register(member, registration))).toBe(404);
		expect(await statusOf(issueRegistrationChallenge(guest, id))).toBe(404);
		const altcha = await proof();
		expect(
			await statusOf(
				registerGuest(guest, {
					...registration,
					wantsResults: false,
					altcha,
					address: '10.1.1.1'
				})
			)
		).toBe(404);
		expect(await statusOf(getOverallLeaderboard(guest, id))).toBe(404);
		expect(await statusOf(getLeaderboard(guest, first!.id))).toBe(404);
		// Its rounds cannot open, so nothing can be played.
		expect(await statusOf(openRound(organizer, { roundId: first!.id }))).toBe(409);
		expect(await statusOf(startAttempt(member, { roundId: first!.id }))).toBe(404);
		// Even a round locked some other way keeps a draft off the home page.
		await database.db
			.update(contestRounds)
			.set({ lockedAt: now })
			.where(eq(contestRounds.id, first!.id));
		expect((await listOpenContests(database.db, nextNovember)).map((c) => c.id)).not.toContain(id);

		const asked = await publishContest.confirmation(organizer, { contestId: id });
		expect(asked?.title).toBe('Công bố cuộc thi?');
		await publishContest(organizer, { contestId: id });
		expect(await statusOf(publishContest(organizer, { contestId: id }))).toBe(409);
		expect((await getContestPage(guest, id)).contest.draft).toBe(false);
		expect((await listOpenContests(database.db, nextNovember)).map((c) => c.id)).toContain(id);
		expect(await statusOf(register(member, registration))).toBe(200);
	});

	it('is for the contest’s organizers only', async () => {
		const [source] = await database.db.select().from(contests).orderBy(contests.id).limit(1);
		const outsider = ctxFor(database, tree.siblingOrganizer, now);
		expect(await statusOf(copyContest(outsider, { contestId: source!.id }))).toBe(404);
		expect(await statusOf(publishContest(outsider, { contestId: source!.id }))).toBe(404);
	});
});
