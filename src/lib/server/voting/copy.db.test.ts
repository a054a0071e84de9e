import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollRulesInput } from '$lib/schemas/voting';
import type { Database } from '../db/client';
import { pollOptions, polls } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeCampaign, makeTree, makeUser } from '../testing/factories';
import { failure, statusOf } from '../testing/status';
import { setPollCampaign } from './repo';
import {
	addPollOption,
	castVote,
	copyPoll,
	createPoll,
	getPublicPoll,
	listOpenPolls
} from './service';

// Next year's poll from this year's: the same rules a year later, options only when they are
// the organizer's own (a shortlist poll takes next year's finalists), closed until it opens.
let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
const now = new Date('2026-12-01T03:00:00Z');
const at = (iso: string) => new Date(`${iso}+07:00`);
const aYearOn = (d: Date, years = 1) => {
	const later = new Date(d);
	later.setUTCFullYear(later.getUTCFullYear() + years);
	return later;
};

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

async function poll(
	title: string,
	opens: string,
	closes: string,
	rules: Partial<PollRulesInput> = {}
) {
	const ctx = ctxFor(database, tree.organizer, at('2024-01-01T08:00:00'));
	const id = await createPoll(ctx, {
		title,
		description: 'Mỗi tài khoản chọn tối đa 2 gương mặt mỗi ngày.',
		unitId: tree.district.id,
		opensAt: at(opens),
		closesAt: at(closes),
		maxChoices: 2,
		dailyVoting: true,
		audience: 'accounts',
		resultsVisibility: 'after_close',
		addressDailyLimit: null,
		minAccountAgeHours: 48,
		requireVerifiedEmail: true,
		minVotes: 25,
		...rules
	});
	for (const n of [1, 2, 3])
		await addPollOption(ctx, {
			id,
			title: `Gương mặt ${n}`,
			summary: `Thành tích ${n}`,
			photoUrl: `https://anh.example.vn/${n}.jpg`,
			link: `https://tin.example.vn/${n}`
		});
	return id;
}

const row = async (id: number) =>
	(await database.db.select().from(polls).where(eq(polls.id, id)))[0]!;
const options = (id: number) =>
	database.db
		.select()
		.from(pollOptions)
		.where(eq(pollOptions.pollId, id))
		.orderBy(pollOptions.position, pollOptions.id);
/** What a copy carries over: everything but its identity, window, title and campaign. */
function rules(p: typeof polls.$inferSelect) {
	const {
		id: _i,
		title: _t,
		opensAt: _o,
		closesAt: _c,
		campaignId: _k,
		createdBy: _b,
		createdAt: _a,
		updatedAt: _u,
		...rest
	} = p;
	return rest;
}
const optionTerms = (o: typeof pollOptions.$inferSelect) => [
	o.position,
	o.title,
	o.summary,
	o.photoUrl,
	o.link,
	o.nominationId
];

describe('copying a poll to next year', () => {
	it('copies its rules and options a year later, closed to votes and unlisted until it opens', async () => {
		const sourceId = await poll(
			'Bình chọn Thanh niên tiêu biểu 2026',
			'2026-11-20T08:00:00',
			'2026-11-27T20:00:00'
		);
		const ctx = ctxFor(database, tree.organizer, now);
		const copy = await copyPoll(ctx, { pollId: sourceId });
		expect(copy).toMatchObject({ optionCount: 3, shortlist: false });

		const [before, after] = [await row(sourceId), await row(copy.id)];
		expect(after.title).toBe('Bình chọn Thanh niên tiêu biểu 2027');
		expect([after.opensAt, after.closesAt]).toEqual([
			aYearOn(before.opensAt),
			aYearOn(before.closesAt)
		]);
		expect(rules(after)).toEqual(rules(before));
		expect(after.campaignId).toBeNull();
		expect((await options(copy.id)).map(optionTerms)).toEqual(
			(await options(sourceId)).map(optionTerms)
		);

		// Until it opens a year on: not on the home page, no vote taken, rules still editable.
		const member = await makeUser(database, { unit: tree.grassroots });
		const optionId = (await options(copy.id))[0]!.id;
		const refusal = await failure(
			castVote(ctxFor(database, member, now), {
				id: copy.id,
				optionIds: [optionId],
				voter: { token: 'tok-copy', address: '10.0.0.9' }
			})
		);
		expect(refusal.message).toContain('Cuộc bình chọn chưa mở');
		expect((await listOpenPolls(database.db, now)).map((p) => p.id)).not.toContain(copy.id);
		const page = await getPublicPoll(ctxFor(database, null, now), copy.id, {
			token: null,
			address: '10.0.0.9'
		});
		expect(page.poll.phase).toBe('upcoming');
	});

	it('moves an older poll as many years as it takes to open after today', async () => {
		const sourceId = await poll('Bình chọn năm 2024', '2024-11-20T08:00:00', '2024-11-27T20:00:00');
		const copy = await copyPoll(ctxFor(database, tree.organizer, now), { pollId: sourceId });
		const [before, after] = [await row(sourceId), await row(copy.id)];
		expect(after.title).toBe('Bình chọn năm 2027');
		expect([after.opensAt, after.closesAt]).toEqual([
			aYearOn(before.opensAt, 3),
			aYearOn(before.closesAt, 3)
		]);
	});

	it('copies no option of a campaign’s shortlist poll, nor its campaign', async () => {
		const sourceId = await poll(
			'Bình chọn gương sáng 2026',
			'2026-11-20T08:00:00',
			'2026-11-27T20:00:00',
			{ dailyVoting: false, maxChoices: 1 }
		);
		const campaign = await makeCampaign(database, tree.admin, tree.district, { now });
		await setPollCampaign(database.db, sourceId, campaign.id, now);
		const copy = await copyPoll(ctxFor(database, tree.organizer, now), { pollId: sourceId });
		expect(copy).toMatchObject({ optionCount: 0, shortlist: true });
		expect(await options(copy.id)).toEqual([]);
		const [before, after] = [await row(sourceId), await row(copy.id)];
		expect(rules(after)).toEqual(rules(before));
		expect(after.campaignId).toBeNull();
	});

	it('is for the poll’s organizers only', async () => {
		const sourceId = await poll('Bình chọn riêng', '2026-11-20T08:00:00', '2026-11-27T20:00:00');
		const outsider = ctxFor(database, tree.siblingOrganizer, now);
		expect(await statusOf(copyPoll(outsider, { pollId: sourceId }))).toBe(404);
	});
});
