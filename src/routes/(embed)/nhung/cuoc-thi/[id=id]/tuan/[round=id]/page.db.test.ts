import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/client';
import {
	getAttempt,
	getLeaderboard,
	getPublicRoundHeading,
	openRound,
	register,
	roundBoardPending,
	saveAnswer,
	startAttempt,
	submitAttempt
} from '$lib/server/contests';
import { makeContestRound, optionIdOf } from '$lib/server/testing/contests';
import { createTestDatabase } from '$lib/server/testing/database';
import { ctxFor, makeUser } from '$lib/server/testing/factories';
import EmbedPage from './+page.svelte';

// The frame of a round's board on a portal, as the anonymous visitor it reads as: before the
// close what the round page says, after it the top of the board, names and scores.

let database: Database;
const T0 = new Date('2026-11-23T03:00:00.000Z'); // 10:00 in Vietnam
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database?.close();
});

/** What the embed's load returns, read through the same functions as an anonymous visitor. */
async function frameData(contestId: number, roundId: number, now: Date) {
	const visitor = ctxFor(database, null, now);
	const { contest, round } = await getPublicRoundHeading(visitor, contestId, roundId);
	const pending = await roundBoardPending(visitor, roundId);
	const board = pending ? null : await getLeaderboard(visitor, roundId, { contestId, limit: 20 });
	return { contest, round, pending, board, user: null };
}

const textOf = (data: unknown) =>
	render(EmbedPage, { props: { data } as never })
		.body.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');

describe('the framed round board', () => {
	it('says when the board opens, then shows the ranked names and scores', async () => {
		const { tree, ctx, contest, round } = await makeContestRound(
			database,
			{ contest: 'Tìm hiểu Đoàn', round: 'Tuần 1' },
			hours(0),
			hours(48),
			{ scope: 'public' }
		);
		await openRound(ctx, { roundId: round.id });

		const player = await makeUser(database, { unit: tree.grassroots });
		const play = ctxFor(database, player, hours(1));
		await register(play, {
			consent: true,
			contestId: contest.id,
			fullName: 'Nguyễn Thị Thanh Hà',
			phone: '0912000077',
			idNumber: '001099000077',
			birthDate: undefined,
			unitId: tree.grassroots.id
		});
		const { attemptId } = await startAttempt(play, { roundId: round.id, prediction: 3 });
		const [question] = (await getAttempt(play, attemptId)).questions;
		await saveAnswer(play, {
			attemptId,
			questionId: question!.id,
			choice: [optionIdOf(question!, 'Phương án hai')]
		});
		await submitAttempt(play, { attemptId });

		// While the round runs: no score, the date the board opens, the contest in a new tab.
		const during = textOf(await frameData(contest.id, round.id, hours(2)));
		expect(during).toContain('Trang này công bố bảng xếp hạng, kết quả và đáp án của Tuần 1');
		expect(during).toContain('lúc 10:00 ngày 25/11/2026');
		expect(during).not.toContain('Nguyễn Thị Thanh Hà');
		const pendingHtml = render(EmbedPage, {
			props: { data: await frameData(contest.id, round.id, hours(2)) } as never
		}).body;
		expect(pendingHtml).toContain(`href="/cuoc-thi/${contest.id}" target="_blank"`);

		// After the close: the player ranked first with one right answer and their prediction.
		const data = await frameData(contest.id, round.id, hours(49));
		expect(data.board!.rows.map((r) => [r.rank, r.fullName, r.correct])).toEqual([
			[1, 'Nguyễn Thị Thanh Hà', 1]
		]);
		const after = render(EmbedPage, { props: { data } as never }).body;
		const row = after.match(/<tbody>[\s\S]*?<\/tbody>/)![0].replace(/<[^>]+>/g, '|');
		expect(row.split('|').filter((c) => c.trim())).toEqual([
			'1',
			'Nguyễn Thị Thanh Hà',
			'Đoàn xã A1',
			'1',
			'3',
			expect.stringMatching(/giây$/)
		]);
		expect(textOf(data)).toContain('Huyện đoàn A · Tìm hiểu Đoàn');
		expect(textOf(data)).not.toContain('Thứ hạng của bạn');
		expect(after).toContain(
			`href="/cuoc-thi/${contest.id}/tuan/${round.id}" target="_blank">Xem đầy đủ`
		);
	});
});
