import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionalNote, votedNotice } from '$lib/shared/voting';
import type { Database } from '../db/client';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, makeUser } from '../testing/factories';
import { failure } from '../testing/status';
import {
	addPollOption,
	castVote,
	createPoll,
	getManagedPoll,
	getPublicPoll,
	updatePollRules
} from './service';

// The organizer's minimum of ballots and the voter's "already voted" state, read back the way
// the poll's pages show them.

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const HOUR = 3_600_000;
const T0 = new Date('2026-11-25T01:00:00Z'); // 08:00 in Vietnam
const during = new Date(T0.getTime() + 2 * HOUR);
const afterClose = new Date(T0.getTime() + 73 * HOUR);
const rules = {
	title: 'Bình chọn có ngưỡng',
	description: '',
	opensAt: T0,
	closesAt: new Date(T0.getTime() + 72 * HOUR),
	maxChoices: 1,
	audience: 'accounts' as const,
	resultsVisibility: 'live' as const,
	addressDailyLimit: null
};

async function makePoll(minVotes: number | undefined, dailyVoting = false) {
	const ctx = ctxFor(database, tree.organizer, new Date(T0.getTime() - 24 * HOUR));
	const id = await createPoll(ctx, { ...rules, unitId: tree.district.id, dailyVoting, minVotes });
	const options = [];
	for (const title of ['Lan', 'Minh', 'Hoa'])
		options.push((await addPollOption(ctx, { id, title, summary: '' })).id);
	return { id, options };
}

let n = 0;
const voter = () => ({ token: `standing-${++n}`, address: '10.1.0.1' });

async function voteAs(pollId: number, optionId: number, at = during) {
	const member = await makeUser(database, { unit: tree.grassroots });
	return castVote(ctxFor(database, member, at), {
		id: pollId,
		optionIds: [optionId],
		voter: voter()
	});
}

describe('the organizer’s minimum of ballots', () => {
	it('keeps results provisional after closing until the minimum is reached', async () => {
		const poll = await makePoll(3);
		await voteAs(poll.id, poll.options[0]!);
		const open = await getPublicPoll(ctxFor(database, null, during), poll.id, voter());
		expect(open.poll.minVotes).toBe(3);
		expect(provisionalNote(open.results!.standing)).toBe(
			'Kết quả tạm thời: cuộc bình chọn vẫn đang mở; cần ít nhất 3 phiếu hợp lệ, còn thiếu 2 phiếu.'
		);
		await voteAs(poll.id, poll.options[1]!);
		const closedShort = await getPublicPoll(ctxFor(database, null, afterClose), poll.id, voter());
		expect(closedShort.results!.standing).toMatchObject({
			provisional: true,
			open: false,
			missing: 1
		});
		expect(closedShort.results!.rows.map((r) => r.votes)).toEqual([1, 1, 0]);
		// The organizer's page reads the same standing.
		const managed = await getManagedPoll(ctxFor(database, tree.organizer, afterClose), poll.id);
		expect(provisionalNote(managed.results.standing)).toBe(
			'Kết quả tạm thời: cần ít nhất 3 phiếu hợp lệ, còn thiếu 1 phiếu.'
		);
	});

	it('is final once closed when the minimum is met or none is set', async () => {
		const met = await makePoll(2);
		await voteAs(met.id, met.options[0]!);
		await voteAs(met.id, met.options[0]!);
		const view = await getPublicPoll(ctxFor(database, null, afterClose), met.id, voter());
		expect(view.results!.standing.provisional).toBe(false);
		expect(provisionalNote(view.results!.standing)).toBeNull();

		const none = await makePoll(undefined);
		await voteAs(none.id, none.options[0]!);
		const plain = await getPublicPoll(ctxFor(database, null, afterClose), none.id, voter());
		expect(plain.poll.minVotes).toBeNull();
		expect(plain.results!.standing.provisional).toBe(false);
	});

	it('is set and changed on the poll’s rules, and refused when not a positive number', async () => {
		const poll = await makePoll(undefined);
		const ctx = ctxFor(database, tree.organizer, new Date(T0.getTime() - 2 * HOUR));
		await updatePollRules(ctx, {
			...rules,
			id: poll.id,
			unitId: tree.district.id,
			dailyVoting: false,
			minVotes: 50
		});
		const managed = await getManagedPoll(ctx, poll.id);
		expect(managed.poll.minVotes).toBe(50);
		const refused = await failure(
			updatePollRules(ctx, {
				...rules,
				id: poll.id,
				unitId: tree.district.id,
				dailyVoting: false,
				minVotes: 0
			})
		);
		expect(refused.fieldErrors.minVotes).toEqual([
			'Số phiếu tối thiểu phải từ 1 trở lên (để trống nếu không yêu cầu).'
		]);
	});
});

describe('the voter’s voted state', () => {
	it('shows the code, when it was cast and when the next vote is allowed', async () => {
		const poll = await makePoll(undefined, true);
		const member = await makeUser(database, { unit: tree.grassroots });
		const ctx = ctxFor(database, member, during);
		const before = await getPublicPoll(ctx, poll.id, voter());
		expect(before.myBallot).toBeNull();
		const cast = await castVote(ctx, {
			id: poll.id,
			optionIds: [poll.options[2]!],
			voter: voter()
		});
		const view = await getPublicPoll(ctx, poll.id, voter());
		expect(votedNotice(view.myBallot!, view.poll)).toEqual({
			title: 'Bạn đã bình chọn hôm nay',
			code: cast.trackingCode,
			when: 'lúc 10:00 ngày 25/11/2026',
			next: 'Bạn có thể bình chọn lại từ lúc 00:00 ngày 26/11/2026.'
		});
		// The next day the state is gone: a new vote is allowed.
		const tomorrow = await getPublicPoll(
			ctxFor(database, member, new Date(T0.getTime() + 24 * HOUR)),
			poll.id,
			voter()
		);
		expect(tomorrow.myBallot).toBeNull();
	});
});
