import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/client';
import { createContest, openRound } from '$lib/server/contests';
import * as contestsRepo from '$lib/server/contests/repo';
import { contestInput, makeApprovedQuestion, roundInput } from '$lib/server/testing/contests';
import { createTestDatabase } from '$lib/server/testing/database';
import { TEST_NOW, ctxFor, makeTree } from '$lib/server/testing/factories';
import { honourPhoto } from '$lib/server/awards';
import { seedDemoIfEmpty } from '$lib/server/demo';
import { _homePage } from './+page.server';
import HomePage from './+page.svelte';

let database: Database;

const T0 = new Date('2026-11-23T03:00:00.000Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database?.close();
});

describe('home page', () => {
	it('lists a contest with two rounds open at once one time, with the first close', async () => {
		const tree = await makeTree(database);
		const ctx = ctxFor(database, tree.organizer, T0);
		await makeApprovedQuestion(ctx, tree.district.id);
		const contest = await createContest(
			ctx,
			contestInput(tree.district.id, 'Tìm hiểu hai tuần chồng nhau', { scope: 'public' })
		);
		// Rounds added before overlaps were refused: written as they were then, past the check.
		const round = (title: string, closesAt: Date) =>
			contestsRepo.insertRound(database.db, contest.id, roundInput(title, hours(0), closesAt));
		for (const r of [await round('Tuần 1', hours(48)), await round('Tuần 1 (bổ sung)', hours(24))])
			await openRound(ctx, { roundId: r.id });

		const data = await _homePage(database.db, hours(1));
		expect(data.openContests).toEqual([
			{ id: contest.id, title: contest.title, closesAt: hours(24) }
		]);
		// The page as a visitor gets it: the contest once, with the round that closes first.
		const { body } = render(HomePage, {
			props: { data: { ...data, user: null, url: 'http://127.0.0.1/' } } as never
		});
		// Once in the list, once in the call to take it.
		expect(body.split(contest.title)).toHaveLength(3);
		expect(body.split('— tuần thi đóng lúc')).toHaveLength(2);
		expect(body).toContain('tuần thi đóng lúc 10:00 ngày 24/11/2026');
		expect(body).toMatch(
			new RegExp(`<a class="call[^"]*" href="/cuoc-thi/${contest.id}">[^]*?Vào thi ngay`)
		);
		// Every keyed list of the page has distinct keys (a repeat breaks the page in the browser).
		for (const [list, key] of [
			[data.openContests, 'id'],
			[data.openPolls, 'id'],
			[data.campaigns, 'id'],
			[data.latestModels, 'slug']
		] as const) {
			const keys = (list as readonly Record<string, unknown>[]).map((item) => item[key]);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});
});

describe('home page on the demo', () => {
	it('calls to vote and to play, and shows the newly honoured with their portraits', async () => {
		const demo = await createTestDatabase();
		try {
			await seedDemoIfEmpty(demo.db, TEST_NOW);
			const data = await _homePage(demo.db, TEST_NOW);
			const { head, body } = render(HomePage, {
				props: { data: { ...data, user: null, url: 'http://127.0.0.1:3000/' } } as never
			});
			const poll = data.openPolls.find((p) => p.title.startsWith('Bình chọn Gương sáng'))!;
			expect(body).toMatch(
				new RegExp(`<a class="call[^"]*" href="/binh-chon/${poll.id}">[^]*?Bình chọn ngay`)
			);
			expect(body).toMatch(/<a class="call[^"]*" href="\/cuoc-thi\/\d+">[^]*?Vào thi ngay/);
			// Last year's four honoured, each with the portrait from their dossier.
			expect(data.latestModels.map((m) => m.name).sort()).toEqual(
				['Cao Văn Lộc', 'Lục Thị Hằng', 'Tạ Quang Đức', 'Vương Thị Ngọc'].sort()
			);
			for (const model of data.latestModels) {
				expect(body).toMatch(
					new RegExp(
						`<img class="fill[^"]*" src="/vinh-danh/${model.slug}/anh" alt="Ảnh ${model.name}"`
					)
				);
				const photo = await honourPhoto(demo.db, model.slug);
				expect([...photo.bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
			}
			// Shared on Zalo or Facebook: a title, a line and the platform's card as the picture.
			expect(head).toContain(
				'<meta property="og:title" content="Gương Sáng — tôn vinh điển hình, thi tìm hiểu"'
			);
			expect(head).toContain(
				'<meta property="og:image" content="http://127.0.0.1:3000/the-chia-se.png"'
			);
		} finally {
			await demo.close();
		}
	});
});
