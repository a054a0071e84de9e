import { TEST_NOW } from '../testing/factories';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../auth';
import { getContestPage, listOpenContests, register, startAttempt } from '../contests';
import { createTestDatabase } from '../testing/database';
import type { Database } from '../db/client';
import { DEMO_CONTEST_TITLE, demoQuestions } from './contest';
import { units, users } from '../db/schema';
import { seedDemoIfEmpty } from './seed';

let database: Database;

beforeAll(async () => {
	database = await createTestDatabase();
	expect(await seedDemoIfEmpty(database.db, TEST_NOW)).toBe(true);
});
afterAll(async () => {
	await database?.close();
});

describe('demo data', () => {
	it('seeds a contest whose round is open and playable by the demo member', async () => {
		const now = TEST_NOW;
		const open = await listOpenContests(database.db, now);
		expect(open.map((c) => c.title)).toEqual([DEMO_CONTEST_TITLE]);
		const [member] = await database.db
			.select()
			.from(users)
			.where(eq(users.email, 'doanvien@guongsang.vn'));
		const actor = await loadActor(database.db, member!.id);
		const ctx = { db: database.db, actor, now };
		const page = await getContestPage(ctx, open[0]!.id);
		expect(page.canTake).toBe(true);
		expect(page.rounds[0]!.phase).toBe('open');
		const [unit] = await database.db.select().from(units).where(eq(units.code, 'CD-THON1'));
		expect(page.unitChoices.map((u) => u.id)).toContain(unit!.id);
		await register(ctx, {
			consent: true,
			contestId: open[0]!.id,
			fullName: actor!.fullName,
			phone: '0912345678',
			idNumber: '001099012345',
			birthDate: undefined,
			unitId: unit!.id
		});
		const { attemptId } = await startAttempt(ctx, { roundId: page.rounds[0]!.id, prediction: 100 });
		expect(attemptId).toBeGreaterThan(0);
		expect(demoQuestions.length).toBeGreaterThanOrEqual(12);
	});
});

describe('demo bank', () => {
	it('spreads right answers over A–D: no position holds most of them', () => {
		const choice = demoQuestions.filter((q) => q.type === 'single' || q.type === 'multiple');
		const byPosition = [0, 0, 0, 0];
		for (const q of choice) for (const i of q.correct) byPosition[i]!++;
		const total = byPosition.reduce((a, b) => a + b, 0);
		expect(byPosition.every((n) => n >= 2)).toBe(true);
		expect(Math.max(...byPosition)).toBeLessThanOrEqual(Math.ceil(total * 0.35));
		// True/false questions are not all true.
		const truths = demoQuestions.filter((q) => q.type === 'true_false').map((q) => q.correct[0]);
		expect(new Set(truths)).toEqual(new Set([0, 1]));
	});
});

describe('demo live game', () => {
	it('waits in its lobby with single-choice questions of the bank', async () => {
		const { liveGames } = await import('../db/schema');
		const { DEMO_LIVE_TITLE } = await import('./live');
		const [game] = await database.db.select().from(liveGames);
		expect(game?.title).toBe(DEMO_LIVE_TITLE);
		expect(game?.state).toBe('lobby');
		const { getScreenView } = await import('../live/service');
		const view = await getScreenView({ db: database.db, actor: null, now: TEST_NOW }, game!.code);
		expect(view.questionCount).toBe(6);
	});
});
