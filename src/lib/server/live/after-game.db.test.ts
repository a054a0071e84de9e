// After the game: who fell where (rescued or not) and each phone's final rank, on both engines.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { liveGameQuestions, type LiveGame } from '../db/schema';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { readXlsx, sheetRows } from '../testing/exports';
import { ctxFor, makeTree } from '../testing/factories';
import { makeGame } from '../testing/live';
import { stopLiveHub } from './hub';
import {
	exportGameReport,
	getGameReport,
	getHostView,
	getPlayerView,
	hostAct,
	joinGame,
	submitAnswer,
	type HostCommand
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
/** Four main questions and one rescue question, all single choice with option 1 right. */
let mainIds: number[];
let rescueId: number;

const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer);
	mainIds = [];
	for (let i = 0; i < 4; i++) mainIds.push((await makeApprovedQuestion(ctx, tree.district.id)).id);
	rescueId = (await makeApprovedQuestion(ctx, tree.district.id)).id;
});

afterAll(async () => {
	await stopLiveHub();
	await database?.close();
});

const host = (game: LiveGame, command: HostCommand, now: Date) =>
	hostAct(ctxFor(database, tree.organizer, now), game.code, command);

/** A phone's answer, by the bank's option index (1 is right, 2 wrong) mapped to the game's order. */
async function answer(game: LiveGame, token: string, position: number, bank: number, now: Date) {
	const [row] = await database.db
		.select({ order: liveGameQuestions.optionOrder })
		.from(liveGameQuestions)
		.where(and(eq(liveGameQuestions.gameId, game.id), eq(liveGameQuestions.position, position)));
	const choice = [row?.order ? row.order.indexOf(bank) : bank];
	await submitAnswer(ctxFor(database, null, now), {
		code: game.code,
		token,
		answer: { position, choice, text: undefined }
	});
}

/** Opens (or starts), lets `right` answer right and `wrong` wrong, closes and reveals. */
async function play(
	game: LiveGame,
	open: HostCommand,
	position: number,
	right: { token: string }[],
	wrong: { token: string }[],
	t: number
) {
	await host(game, open, at(t));
	for (const p of right) await answer(game, p.token, position, 1, at(t + 1));
	for (const p of wrong) await answer(game, p.token, position, 2, at(t + 1));
	await host(game, { action: 'close' }, at(t + 2));
	return host(game, { action: 'reveal' }, at(t + 3));
}

const newGame = (options: Parameters<typeof makeGame>[3]) =>
	makeGame(ctxFor(database, tree.organizer, T0), tree.district.id, mainIds, {
		title: 'Rung chuông vàng sau trận',
		rescueWhenAtMost: 2,
		rescueMaxUses: 1,
		...options
	});

/** Players join one after another: seats (and ties in the order) follow the order of joining. */
const join = (game: LiveGame, displayName: string) =>
	joinGame(ctxFor(database, null, T0), { code: game.code, displayName, unitName: 'Lớp 12' });

describe('after the game', () => {
	it('counts everyone who fell at a question, also those rescued later; each phone reads the report’s rank', async () => {
		const game = await newGame({ rescueQuestionIds: [rescueId], rescueSeconds: 30 });
		const names = ['An', 'Bình', 'Chi', 'Dũng', 'Em', 'Phúc'];
		const players = [
			await join(game, names[0]!),
			await join(game, names[1]!),
			await join(game, names[2]!),
			await join(game, names[3]!),
			await join(game, names[4]!),
			await join(game, names[5]!)
		] as const;
		const [a, b, c, d, e, f] = players;
		// Q1: Phúc falls. Q2: Chi, Dũng and Em fall (two stand).
		await play(game, { action: 'start' }, 0, [a, b, c, d, e], [f], 10);
		await play(game, { action: 'open' }, 1, [a, b], [c, d, e], 20);
		// The rescue question (position 4): Chi and Dũng are right and return; Phúc does not answer.
		await play(game, { action: 'rescue_question' }, 4, [c, d], [e], 30);
		// Q3: only An is right: the game ends.
		const end = await play(game, { action: 'open' }, 2, [a], [b, c, d], 40);
		expect(end.state).toBe('finished');

		// Statistics: 3 fell at Q2 though two of them came back; the console reads the same.
		const report = await getGameReport(ctxFor(database, tree.organizer, at(50)), game.code);
		const stats = report.questions.map((q) => [q.label, q.fell, q.right]);
		expect(stats).toEqual([
			['Câu 1', 1, 5],
			['Câu 2', 3, 2],
			['Cứu trợ 1', 0, 2],
			['Câu 3', 3, 1]
		]);
		const console = await getHostView(ctxFor(database, tree.organizer, at(50)), game.code);
		expect(console.questions.map((q) => [q.label, q.fell, q.right])).toEqual(stats);
		const book = await readXlsx(
			await exportGameReport(ctxFor(database, tree.organizer, at(50)), game.code)
		);
		const perQuestion = sheetRows(book.getWorksheet('Thống kê theo câu')!);
		expect(perQuestion.map((r) => [r[0], r[5], r[6]])).toEqual([
			['Câu', 'Bị loại', 'Trở lại sàn'],
			['Câu 1', 1, null],
			['Câu 2', 3, null],
			['Cứu trợ 1', null, 2],
			['Câu 3', 3, null]
		]);

		// Final order: An; Bình, Chi, Dũng fell at Q3; Em at Q2; Phúc at Q1.
		expect(report.order.map((r) => [r.name, r.rank, r.fellAt])).toEqual([
			['An', 1, null],
			['Bình', 2, 2],
			['Chi', 2, 2],
			['Dũng', 2, 2],
			['Em', 5, 1],
			['Phúc', 6, 0]
		]);
		// Each phone reads its rank from the same standings, and the export's rank column agrees.
		const exported = sheetRows(book.getWorksheet('Kết quả')!).slice(1);
		for (const [i, player] of players.entries()) {
			const view = await getPlayerView(ctxFor(database, null, at(50)), game.code, player.token);
			const row = report.order.find((r) => r.name === names[i])!;
			expect(view.me?.final).toEqual({ rank: row.rank, of: 6, winner: row.rank === 1 });
			expect(view.me?.fellAt).toBe(row.fellAt);
			expect(exported.find((r) => r[2] === names[i])?.[0]).toBe(row.rank);
		}
	});

	it('a phone has no final rank while the game runs', async () => {
		const game = await newGame({ rescueWhenAtMost: 0, rescueMaxUses: 0 });
		const [a, b, c] = [await join(game, 'An'), await join(game, 'Bình'), await join(game, 'Chi')];
		await play(game, { action: 'start' }, 0, [a, b], [c], 10);
		const view = await getPlayerView(ctxFor(database, null, at(20)), game.code, c.token);
		expect(view.me).toMatchObject({ status: 'eliminated', fellAt: 0, final: null });
	});
});
