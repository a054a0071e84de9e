import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/client';
import { createContest, getLeaderboard, openRound, roundBoardPending } from '$lib/server/contests';
import { contestInput, makeContestRound } from '$lib/server/testing/contests';
import { createTestDatabase } from '$lib/server/testing/database';
import { ctxFor } from '$lib/server/testing/factories';
import { statusOf } from '$lib/server/testing/status';
import RoundPage from './+page.svelte';

// A member who opens a round's results page while the round runs reads what the page is and
// when it opens, not an error.

let database: Database;
const T0 = new Date('2026-11-23T03:00:00.000Z'); // 10:00 in Vietnam
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database?.close();
});

describe('the round page before the round closes', () => {
	it('says it will hold the results and answers, and when', async () => {
		const { tree, ctx, contest, round } = await makeContestRound(
			database,
			{ contest: 'Tìm hiểu Đoàn', round: 'Tuần 1' },
			hours(0),
			hours(48)
		);
		// Not opened yet: a draft is not public at all.
		expect(
			await statusOf(roundBoardPending(ctxFor(database, tree.member, hours(1)), round.id))
		).toBe(404);
		await openRound(ctx, { roundId: round.id });

		const member = ctxFor(database, tree.member, hours(1));
		const pending = await roundBoardPending(member, round.id);
		expect(pending).toMatchObject({
			contestId: contest.id,
			round: { title: 'Tuần 1', phase: 'open' }
		});
		const data = {
			contestId: contest.id,
			contestTitle: contest.title,
			shareUrl: `https://guongsang.example.vn/cuoc-thi/${contest.id}/tuan/${round.id}?x=1`,
			pending,
			board: null,
			overall: [],
			units: [],
			unitId: null,
			user: null
		};
		const { body, head } = render(RoundPage, { props: { data } as never });
		// Portals and apps find its frame from the page (oEmbed discovery), by its plain address.
		expect(head).toContain(
			`/oembed?url=${encodeURIComponent(`https://guongsang.example.vn/cuoc-thi/${contest.id}/tuan/${round.id}`)}&amp;format=json`
		);
		const text = body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
		expect(text).toContain(
			'Trang này công bố bảng xếp hạng, kết quả và đáp án của Tuần 1 — Tìm hiểu Đoàn.'
		);
		expect(text).toContain(
			'kết quả được công bố sau khi tuần thi kết thúc, lúc 10:00 ngày 25/11/2026.'
		);
		expect(text).not.toContain('Đã có lỗi xảy ra');

		// Organizers follow the board live; everyone sees it once the round has closed.
		expect(
			await roundBoardPending(ctxFor(database, tree.organizer, hours(1)), round.id)
		).toBeNull();
		expect(await roundBoardPending(ctxFor(database, tree.member, hours(49)), round.id)).toBeNull();

		// Its closed board is found under its own contest's address only, not under another's.
		const other = await createContest(ctx, contestInput(tree.district.id, 'Cuộc thi khác'));
		const after = ctxFor(database, tree.member, hours(49));
		const board = await getLeaderboard(after, round.id, { contestId: contest.id });
		expect(board.round.id).toBe(round.id);
		expect(await statusOf(getLeaderboard(after, round.id, { contestId: other.id }))).toBe(404);
	});
});
