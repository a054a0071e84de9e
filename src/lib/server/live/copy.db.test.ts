import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { makeGame } from '../testing/live';
import { statusOf } from '../testing/status';
import { copyGameFields } from './copy';
import { createGame } from './games';
import { findGameByCode, listGameQuestions } from './repo';

// A game copied through the create form: the copy's fields, sent back as the form sends them,
// make a game with the same rules and the same questions in the same order and times.
let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

describe('copying a live game', () => {
	it('gives the create form what makes the same game again, with next year in its title', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const ids: number[] = [];
		for (let i = 0; i < 4; i++) ids.push((await makeApprovedQuestion(ctx, tree.district.id)).id);
		const source = await createGame(ctx, {
			unitId: tree.district.id,
			title: 'Rung chuông vàng Tuổi trẻ Đông Anh 2026',
			mode: 'whiteboard',
			questionIds: [ids[2]!, ids[0]!],
			questionSeconds: [30, 45],
			rescueQuestionIds: [ids[3]!],
			rescueQuestionSeconds: [60],
			seconds: 30,
			rescueWhenAtMost: 4,
			rescueMaxUses: 2,
			goldenBellNumber: 2,
			goldenBellWhenAtMost: undefined
		});

		const copy = await copyGameFields(ctx, source.code);
		expect(copy.from).toBe('Rung chuông vàng Tuổi trẻ Đông Anh 2026');
		expect(copy.fields).toMatchObject({
			title: 'Rung chuông vàng Tuổi trẻ Đông Anh 2027',
			mode: 'whiteboard',
			rescueWhenAtMost: '4',
			rescueMaxUses: '2',
			goldenBellNumber: '2',
			[`order.${ids[2]}`]: '1',
			[`order.${ids[0]}`]: '2',
			[`rescue.${ids[3]}`]: 'on'
		});

		// Sent back as the form posts it, it makes the same game.
		const again = await createGame(ctx, copy.fields as never);
		const [a, b] = await Promise.all([
			findGameByCode(database.db, source.code),
			findGameByCode(database.db, again.code)
		]);
		const rules = (g: typeof a) => [
			g!.mode,
			g!.rescueWhenAtMost,
			g!.rescueMaxUses,
			g!.goldenBellIndex,
			g!.goldenBellWhenAtMost
		];
		expect(rules(b)).toEqual(rules(a));
		expect(await listGameQuestions(database.db, b!.id)).toEqual(
			await listGameQuestions(database.db, a!.id)
		);
		expect(await listGameQuestions(database.db, b!.id)).toEqual([
			{ questionId: ids[2], seconds: 30, rescue: false },
			{ questionId: ids[0], seconds: 45, rescue: false },
			{ questionId: ids[3], seconds: 60, rescue: true }
		]);
	});

	it('shows another unit’s game to no one outside it', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const question = await makeApprovedQuestion(ctx, tree.district.id);
		const game = await makeGame(ctx, tree.district.id, [question.id], {
			title: 'Của huyện',
			rescueWhenAtMost: 2,
			rescueMaxUses: 1
		});
		const outsider = ctxFor(database, tree.siblingOrganizer);
		expect(await statusOf(copyGameFields(outsider, game.code))).toBe(404);
	});
});
