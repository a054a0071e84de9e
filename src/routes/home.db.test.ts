import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/client';
import { createContest, openRound } from '$lib/server/contests';
import * as contestsRepo from '$lib/server/contests/repo';
import { contestInput, makeApprovedQuestion, roundInput } from '$lib/server/testing/contests';
import { createTestDatabase } from '$lib/server/testing/database';
import { ctxFor, makeTree } from '$lib/server/testing/factories';
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
		const { body } = render(HomePage, { props: { data: { ...data, user: null } } as never });
		expect(body.split(contest.title)).toHaveLength(2);
		expect(body).toContain('tuần thi đóng lúc 10:00 ngày 24/11/2026');
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
