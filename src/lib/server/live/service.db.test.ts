// Over 400 lines: one seeded database serves every live-game flow here; split files would seed it again.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import {
	auditLog,
	liveAnswers,
	liveGameQuestions,
	liveGames,
	liveRescues,
	type LiveGame
} from '../db/schema';
import { DomainError } from '../errors';
import { makeApprovedQuestion, questionInput } from '../testing/contests';
import { rowsOf } from '../db/sql';
import { createTestDatabase } from '../testing/database';
import { expectOfficeLayout, readXlsx, sheetRows } from '../testing/exports';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { hubStats, startLiveHub, stopLiveHub, subscribe } from './hub';
import { closesAt, deadlineFor, GRACE_MS, STANDING_ON_RESCUE } from './rules';
import {
	closeDue,
	createGame,
	exportGameReport,
	getGameReport,
	getHostView,
	getPlayerView,
	getScreenView,
	hostAct,
	joinGame,
	screenStream,
	submitAnswer,
	type HostCommand
} from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;
let questionIds: number[];
/** Set aside for rescues: R1 typed (secret answer), R2 single choice (right: option 1). */
let rescueIds: number[];

const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECRET_TYPED = 'Nguyễn Ái Quốc bí mật';
const SECRET_EXPLANATION = 'Giải thích bí mật';
const SECRET_RESCUE = 'Lý Tự Trọng cứu trợ';

async function statusOf(work: Promise<unknown>): Promise<number> {
	try {
		await work;
		return 200;
	} catch (error) {
		if (error instanceof DomainError) return error.status;
		throw error;
	}
}

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer);
	questionIds = [];
	// Q1..Q4 single choice (right: option 1), Q5 a typed answer.
	for (let i = 0; i < 4; i++)
		questionIds.push((await makeApprovedQuestion(ctx, tree.district.id)).id);
	questionIds.push(
		(
			await makeApprovedQuestion(ctx, tree.district.id, {
				type: 'short',
				options: [],
				correct: [],
				acceptedAnswers: [SECRET_TYPED],
				ignoreDiacritics: true
			})
		).id
	);
	rescueIds = [
		(
			await makeApprovedQuestion(ctx, tree.district.id, {
				type: 'short',
				options: [],
				correct: [],
				acceptedAnswers: [SECRET_RESCUE],
				ignoreDiacritics: true
			})
		).id,
		(await makeApprovedQuestion(ctx, tree.district.id)).id
	];
});

afterAll(async () => {
	await stopLiveHub();
	await database?.close();
});

async function newGame(options: Partial<Parameters<typeof createGame>[1]> = {}) {
	return createGame(ctxFor(database, tree.organizer, T0), {
		unitId: tree.district.id,
		title: 'Rung chuông vàng thử nghiệm',
		mode: 'phones',
		questionIds,
		seconds: 20,
		rescueWhenAtMost: 2,
		rescueMaxUses: 1,
		goldenBellNumber: undefined,
		goldenBellWhenAtMost: undefined,
		...options
	});
}

async function join(game: LiveGame, name: string) {
	return joinGame(ctxFor(database, null, T0), {
		code: game.code,
		displayName: name,
		unitName: 'Chi đoàn A'
	});
}

const host = (game: LiveGame, command: HostCommand, now: Date) =>
	hostAct(ctxFor(database, tree.organizer, now), game.code, command);

/** Resolves once another connection waits for an advisory lock (PostgreSQL only). */
async function waitingForALock() {
	for (let i = 0; i < 500; i++) {
		const [row] = rowsOf<{ n: number }>(
			await database.db.execute(
				sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`
			)
		);
		if (row!.n > 0) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('no one waited for the lock');
}

/** Where the game shows these options of the bank: what a phone sends for them. */
async function shown(game: LiveGame, position: number, bankIndexes: number[]) {
	const [row] = await database.db
		.select({ order: liveGameQuestions.optionOrder })
		.from(liveGameQuestions)
		.where(and(eq(liveGameQuestions.gameId, game.id), eq(liveGameQuestions.position, position)));
	return bankIndexes.map((i) => (row?.order ? row.order.indexOf(i) : i));
}

/** A phone's answer, picking options by their place in the bank (Q1..Q4: option 1 right). */
const answer = async (
	game: LiveGame,
	token: string,
	position: number,
	bankIndexes: number[],
	now: Date
) =>
	submitAnswer(ctxFor(database, null, now), {
		code: game.code,
		token,
		answer: {
			position,
			choice: await shown(game, position, bankIndexes),
			text: undefined
		}
	});

describe('creating and hosting', () => {
	it('only organizers of the unit host; others get 403 or 404', async () => {
		expect(
			await statusOf(
				createGame(ctxFor(database, tree.siblingOrganizer, T0), {
					unitId: tree.district.id,
					title: 'x',
					mode: 'phones',
					questionIds,
					seconds: 20,
					rescueWhenAtMost: 2,
					rescueMaxUses: 1,
					goldenBellNumber: undefined,
					goldenBellWhenAtMost: undefined
				})
			)
		).toBe(403);
		const game = await newGame();
		expect(game.code).toMatch(/^[A-Z2-9]{6}$/);
		expect(
			await statusOf(
				hostAct(ctxFor(database, tree.siblingOrganizer, T0), game.code, { action: 'start' })
			)
		).toBe(404);
		expect(
			await statusOf(hostAct(ctxFor(database, tree.member, T0), game.code, { action: 'start' }))
		).toBe(404);
	});

	it('asks the questions in the order given, each with its own time or the game’s', async () => {
		const [a, b, c] = questionIds;
		const game = await newGame({
			questionIds: [c!, a!, b!],
			questionSeconds: [undefined, 45, undefined],
			seconds: 20,
			rescueQuestionIds: rescueIds,
			rescueQuestionSeconds: [60, undefined],
			rescueSeconds: 30
		});
		const rows = await database.db
			.select({
				questionId: liveGameQuestions.questionId,
				seconds: liveGameQuestions.seconds,
				rescue: liveGameQuestions.rescue
			})
			.from(liveGameQuestions)
			.where(eq(liveGameQuestions.gameId, game.id))
			.orderBy(liveGameQuestions.position);
		expect(rows).toEqual([
			{ questionId: c, seconds: 20, rescue: false },
			{ questionId: a, seconds: 45, rescue: false },
			{ questionId: b, seconds: 20, rescue: false },
			// Rescue questions: their own time, else the rescue time.
			{ questionId: rescueIds[0], seconds: 60, rescue: true },
			{ questionId: rescueIds[1], seconds: 30, rescue: true }
		]);
		// The second question's deadline is its own 45 s after it opens.
		const [an, binh] = [await join(game, 'An'), await join(game, 'Bình')];
		const first = await host(game, { action: 'start' }, T0);
		expect(first.deadlineAt).toEqual(at(20_000));
		await answer(game, an.token, 0, [1], at(1000));
		await answer(game, binh.token, 0, [1], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		const second = await host(game, { action: 'open' }, at(4000));
		expect(second.deadlineAt).toEqual(at(4000 + 45_000));
	});

	it('refuses draft questions', async () => {
		const { createQuestion } = await import('../questions/service');
		const draft = await createQuestion(ctxFor(database, tree.organizer), {
			unitId: tree.district.id,
			...questionInput()
		});
		expect(await statusOf(newGame({ questionIds: [...questionIds, draft.id] }))).toBe(400);
	});

	it('does not start with no one on the floor (nobody joined, or everyone was kicked)', async () => {
		const game = await newGame();
		const start = () =>
			hostAct(ctxFor(database, tree.organizer, T0), game.code, { action: 'start' });
		await expect(start()).rejects.toThrow('Chưa có người chơi nào tham gia.');
		const an = await join(game, 'An');
		await host(game, { action: 'kick', playerId: an.player.id }, T0);
		await expect(start()).rejects.toThrow('Chưa có người chơi nào tham gia.');
		await join(game, 'Bình');
		expect((await start()).state).toBe('open');
	});

	it('locks the lobby and refuses joins after the start', async () => {
		const game = await newGame();
		await join(game, 'An');
		await host(game, { action: 'lock', locked: true }, T0);
		expect(await statusOf(join(game, 'Bình'))).toBe(409);
		await host(game, { action: 'lock', locked: false }, T0);
		await join(game, 'Bình');
		await host(game, { action: 'start' }, T0);
		expect(await statusOf(join(game, 'Chi'))).toBe(409);
	});
});

describe('answers', () => {
	it('counts an answer at the deadline plus grace, refuses one 1 ms later', async () => {
		const game = await newGame();
		const a = await join(game, 'An');
		const b = await join(game, 'Bình');
		await host(game, { action: 'start' }, T0);
		const deadline = 20_000;
		await answer(game, a.token, 0, [1], at(deadline + GRACE_MS));
		expect(await statusOf(answer(game, b.token, 0, [1], at(deadline + GRACE_MS + 1)))).toBe(409);
	});

	it.runIf(process.env.TEST_ENGINE === 'postgres')(
		"an answer that waits for the host's close is judged on the closed question",
		async () => {
			const game = await newGame();
			const a = await join(game, 'An');
			await host(game, { action: 'start' }, T0);
			let answered: Promise<number> = Promise.resolve(0);
			await database.db.transaction(async (tx) => {
				// As a host action does: the game's lock exclusively, then the change, then commit.
				await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`live:${game.code}`}))`);
				answered = statusOf(answer(game, a.token, 0, [1], at(1000)));
				await waitingForALock();
				await tx.update(liveGames).set({ state: 'closed' }).where(eq(liveGames.id, game.id));
			});
			// Sent within its time, but it reached the game after the close committed.
			expect(await answered).toBe(409);
			const rows = await database.db
				.select()
				.from(liveAnswers)
				.where(eq(liveAnswers.playerId, a.player.id));
			expect(rows).toHaveLength(0);
		}
	);

	it('keeps only the first answer, even when many arrive at once', async () => {
		const game = await newGame();
		const a = await join(game, 'An');
		await join(game, 'Bình');
		await host(game, { action: 'start' }, T0);
		// The phones' choices are read first: sent in this order, in the same turn.
		const choices = await Promise.all(
			[0, 1, 2, 3, 1, 0, 1, 2].map((bank) => shown(game, 0, [bank]))
		);
		const ctx = ctxFor(database, null, at(1000));
		const results = await Promise.all(
			choices.map((choice) =>
				statusOf(
					submitAnswer(ctx, {
						code: game.code,
						token: a.token,
						answer: { position: 0, choice, text: undefined }
					})
				)
			)
		);
		expect(results.filter((s) => s === 200)).toHaveLength(1);
		expect(results.filter((s) => s === 409)).toHaveLength(7);
		const rows = await database.db
			.select()
			.from(liveAnswers)
			.where(eq(liveAnswers.playerId, a.player.id));
		expect(rows).toHaveLength(1);
		// The first one sent is the one kept.
		expect(rows[0]!.answer).toEqual(choices[0]);
	});

	it('judges each answer of a burst on its own: the same batch mixes accepted and refused', async () => {
		const game = await newGame();
		const players = await Promise.all(['An', 'Bình', 'Chi', 'Dũng'].map((n) => join(game, n)));
		const [a, b, c, d] = players;
		await host(game, { action: 'start' }, T0);
		await host(game, { action: 'kick', playerId: d!.player.id }, T0);
		const deadline = 20_000;
		const statuses = await Promise.all([
			statusOf(answer(game, a!.token, 0, [1], at(deadline + GRACE_MS))),
			statusOf(answer(game, b!.token, 0, [1], at(deadline + GRACE_MS + 1))),
			statusOf(answer(game, c!.token, 1, [1], at(1000))),
			statusOf(answer(game, d!.token, 0, [1], at(1000))),
			statusOf(answer(game, 'forged-token', 0, [1], at(1000))),
			statusOf(answer(game, c!.token, 0, [], at(1000))),
			statusOf(
				submitAnswer(ctxFor(database, null, at(1000)), {
					code: 'ZZZZZZ',
					token: c!.token,
					answer: {
						position: 0,
						choice: [1],
						text: undefined
					}
				})
			)
		]);
		expect(statuses).toEqual([200, 409, 409, 404, 404, 400, 404]);
		const stored = await database.db
			.select({ playerId: liveAnswers.playerId })
			.from(liveAnswers)
			.where(eq(liveAnswers.gameId, game.id));
		expect(stored).toEqual([{ playerId: a!.player.id }]);
	});

	it('a guest cannot answer without their own token, nor for the wrong question', async () => {
		const game = await newGame();
		await join(game, 'An');
		await host(game, { action: 'start' }, T0);
		expect(await statusOf(answer(game, 'forged-token', 0, [1], at(1000)))).toBe(404);
		expect(
			await statusOf(
				submitAnswer(ctxFor(database, null, at(1000)), {
					code: game.code,
					token: undefined,
					answer: {
						position: 0,
						choice: [1],
						text: undefined
					}
				})
			)
		).toBe(404);
	});

	it('the timer closes only after the deadline and grace; later answers are refused', async () => {
		const game = await newGame();
		const a = await join(game, 'An');
		await host(game, { action: 'start' }, T0);
		expect(
			await closeDue(ctxFor(database, null, at(20_000 + GRACE_MS - 1)), { gameId: game.id })
		).toBe(false);
		expect(await closeDue(ctxFor(database, null, at(20_000 + GRACE_MS)), { gameId: game.id })).toBe(
			true
		);
		expect(await closeDue(ctxFor(database, null, at(20_000 + GRACE_MS)), { gameId: game.id })).toBe(
			false
		);
		expect(await statusOf(answer(game, a.token, 0, [1], at(20_000)))).toBe(409);
	});

	it('pause keeps the remaining time', async () => {
		const game = await newGame();
		await join(game, 'An');
		await host(game, { action: 'start' }, T0);
		await host(game, { action: 'pause' }, at(5_000));
		const paused = await getScreenView(ctxFor(database, null, at(60_000)), game.code);
		expect(paused.question?.remainingMs).toBe(15_000);
		const resumed = await host(game, { action: 'resume' }, at(60_000));
		expect(resumed.deadlineAt?.getTime()).toBe(at(75_000).getTime());
	});
});

describe('the order of the options', () => {
	it('is each game’s own: the bank’s order reaches no phone, and the right option is judged where it is shown', async () => {
		// Typed the usual way: the right answer first (A) in the bank.
		const ctx = ctxFor(database, tree.organizer, T0);
		const typed = questionInput({ correct: [0] });
		const question = await makeApprovedQuestion(ctx, tree.district.id, typed);
		const right = typed.options[0]!;
		const GAMES = 16;
		let firstIsRight = 0;
		const places = new Set<number>();
		for (let n = 0; n < GAMES; n++) {
			const game = await newGame({ questionIds: [question.id] });
			const [a, b] = [await join(game, 'An'), await join(game, 'Bình')];
			await host(game, { action: 'start' }, T0);
			const phone = await getPlayerView(ctxFor(database, null, at(500)), game.code, a.token);
			const options = phone.game.question!.options;
			expect([...options].sort()).toEqual([...typed.options].sort());
			const place = options.indexOf(right);
			places.add(place);
			if (place === 0) firstIsRight++;
			// The phone sends the place it shows; the other player presses A, as in the bank.
			await submitAnswer(ctxFor(database, null, at(1000)), {
				code: game.code,
				token: a.token,
				answer: {
					position: 0,
					choice: [place],
					text: undefined
				}
			});
			if (place !== 0)
				await submitAnswer(ctxFor(database, null, at(1000)), {
					code: game.code,
					token: b.token,
					answer: {
						position: 0,
						choice: [0],
						text: undefined
					}
				});
			await host(game, { action: 'close' }, at(2000));
			const revealed = await host(game, { action: 'reveal' }, at(3000));
			const screen = await getScreenView(ctxFor(database, null, at(3000)), game.code);
			expect(screen.question!.options).toEqual(options);
			expect(screen.question!.answer!.correct).toEqual([place]);
			// A stands alone (B pressed a wrong place, or did not answer): A wins.
			expect(revealed.state).toBe('finished');
			expect(screen.results!.filter((r) => r.winner).map((r) => r.name)).toEqual(['An']);
		}
		// 16 games of 4 options: the right one is first about 4 times (sd ≈ 1.7); the bank: 16.
		expect(firstIsRight).toBeLessThanOrEqual(GAMES / 4 + 6);
		expect(places.size).toBeGreaterThanOrEqual(3);
	});
});

describe('elimination, rescue and the end', () => {
	it('plays to one winner with a rescue; the order follows the question of each fall', async () => {
		const game = await newGame();
		const [a, b, c, d] = [
			await join(game, 'An'),
			await join(game, 'Bình'),
			await join(game, 'Chi'),
			await join(game, 'Dũng')
		];
		// Q1: d answers wrong, c does not answer.
		await host(game, { action: 'start' }, T0);
		await answer(game, a.token, 0, [1], at(1000));
		await answer(game, b.token, 0, [1], at(1000));
		await answer(game, d.token, 0, [2], at(1000));
		await host(game, { action: 'close' }, at(2000));
		let g = await host(game, { action: 'reveal' }, at(3000));
		expect(g.state).toBe('revealed');
		const view = await getPlayerView(ctxFor(database, null, at(3000)), game.code, c.token);
		expect(view.me?.status).toBe('eliminated');
		expect(view.game.counts).toMatchObject({ standing: 2, fellNow: 2 });
		// Rescue needs at most 2 standing: now allowed; brings back those who fell at Q1.
		g = await host(game, { action: 'rescue', sinceIndex: 0 }, at(4000));
		// The hall is told how many came back, not "0 fell".
		expect((await getScreenView(ctxFor(database, null, at(4000)), game.code)).counts).toMatchObject(
			{ standing: 4, fellNow: 0, returnedNow: 2 }
		);
		// Only once.
		expect(await statusOf(host(game, { action: 'rescue', sinceIndex: 0 }, at(4000)))).toBe(409);
		// Q2: a right, b right, c wrong, d wrong.
		await host(game, { action: 'open' }, at(5000));
		expect(
			(await getScreenView(ctxFor(database, null, at(5000)), game.code)).counts.returnedNow
		).toBe(0);
		await answer(game, a.token, 1, [1], at(6000));
		await answer(game, b.token, 1, [1], at(6000));
		await answer(game, c.token, 1, [0], at(6000));
		await answer(game, d.token, 1, [0], at(6000));
		await host(game, { action: 'close' }, at(7000));
		await host(game, { action: 'reveal' }, at(8000));
		// Q3: only a is right: one left, the game ends.
		await host(game, { action: 'open' }, at(9000));
		await answer(game, a.token, 2, [1], at(10_000));
		await answer(game, b.token, 2, [3], at(10_000));
		await host(game, { action: 'close' }, at(11_000));
		g = await host(game, { action: 'reveal' }, at(12_000));
		expect(g.state).toBe('finished');
		const end = await getScreenView(ctxFor(database, null, at(12_000)), game.code);
		expect(end.results?.map((r) => [r.name, r.rank, r.winner])).toEqual([
			['An', 1, true],
			['Bình', 2, false],
			['Chi', 3, false],
			['Dũng', 3, false]
		]);
		expect(await statusOf(host(game, { action: 'open' }, at(13_000)))).toBe(409);
		// The report: per question answered / right / fell (also those rescued later), and the export.
		const report = await getGameReport(ctxFor(database, tree.organizer), game.code);
		expect(report.questions.map((q) => [q.number, q.answered, q.right, q.fell])).toEqual([
			[1, 3, 2, 2],
			[2, 4, 2, 2],
			[3, 2, 1, 1]
		]);
		const book = await readXlsx(
			await exportGameReport(ctxFor(database, tree.organizer), game.code)
		);
		expect(book.worksheets.map((w) => w.name)).toEqual(['Kết quả', 'Thống kê theo câu']);
		for (const sheet of book.worksheets) expectOfficeLayout(sheet);
		const rows = sheetRows(book.worksheets[0]!);
		expect(rows.map((r) => [r[0], r[2], r[4], r[5]])).toEqual([
			['Hạng', 'Họ và tên', 'Rung chuông vàng', 'Bị loại ở câu'],
			[1, 'An', 'Có', null],
			[2, 'Bình', '', 3],
			[3, 'Chi', '', 2],
			[3, 'Dũng', '', 2]
		]);
		expect(rows.slice(1).map((r) => r[1])).toEqual(report.order.map((p) => p.seat));
		expect(await statusOf(getGameReport(ctxFor(database, tree.siblingOrganizer), game.code))).toBe(
			404
		);
	});

	it('refuses a rescue while more than R stand', async () => {
		const game = await newGame();
		const players = [];
		for (const name of ['An', 'Bình', 'Chi', 'Dũng']) players.push(await join(game, name));
		await host(game, { action: 'start' }, T0);
		for (const p of players.slice(0, 3)) await answer(game, p.token, 0, [1], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		expect(await statusOf(host(game, { action: 'rescue', sinceIndex: 0 }, at(4000)))).toBe(409);
	});

	it('when all fall on the same question with no rescue left, they share the result', async () => {
		const game = await newGame({ rescueMaxUses: 0 });
		const a = await join(game, 'An');
		const b = await join(game, 'Bình');
		await join(game, 'Chi');
		await host(game, { action: 'start' }, T0);
		await answer(game, a.token, 0, [1], at(1000));
		await answer(game, b.token, 0, [1], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		await host(game, { action: 'open' }, at(4000));
		await answer(game, a.token, 1, [0], at(5000));
		await answer(game, b.token, 1, [2], at(5000));
		await host(game, { action: 'close' }, at(6000));
		const g = await host(game, { action: 'reveal' }, at(7000));
		expect(g.state).toBe('finished');
		const end = await getScreenView(ctxFor(database, null, at(7000)), game.code);
		expect(end.results?.filter((r) => r.winner).map((r) => r.name)).toEqual(['An', 'Bình']);
		expect(end.results?.map((r) => r.rank)).toEqual([1, 1, 3]);
	});

	it('ends when the questions run out, the standing share the win; typed answers use the bank rules', async () => {
		const game = await newGame({ questionIds: questionIds.slice(3), rescueMaxUses: 0 });
		const [a, b, c] = [await join(game, 'An'), await join(game, 'Bình'), await join(game, 'Chi')];
		await host(game, { action: 'start' }, T0);
		for (const p of [a, b, c]) await answer(game, p.token, 0, [1], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		await host(game, { action: 'open' }, at(4000));
		const typed = (token: string, text: string) =>
			submitAnswer(ctxFor(database, null, at(5000)), {
				code: game.code,
				token,
				answer: {
					position: 1,
					choice: undefined,
					text
				}
			});
		await typed(a.token, 'nguyen ai quoc bi mat');
		await typed(b.token, '  NGUYỄN ÁI QUỐC   bí mật ');
		await typed(c.token, 'Hồ Chí Minh');
		await host(game, { action: 'close' }, at(6000));
		const g = await host(game, { action: 'reveal' }, at(7000));
		expect(g.state).toBe('finished');
		const end = await getScreenView(ctxFor(database, null, at(7000)), game.code);
		expect(end.results?.filter((r) => r.winner).map((r) => r.name)).toEqual(['An', 'Bình']);
	});

	it('the golden-bell question comes when at most N stand and ends the game', async () => {
		const game = await newGame({ goldenBellWhenAtMost: 2, rescueMaxUses: 0 });
		const [a, b, c] = [await join(game, 'An'), await join(game, 'Bình'), await join(game, 'Chi')];
		await host(game, { action: 'start' }, T0);
		let view = await getScreenView(ctxFor(database, null, at(0)), game.code);
		expect(view.question?.golden).toBe(false);
		await answer(game, a.token, 0, [1], at(1000));
		await answer(game, b.token, 0, [1], at(1000));
		await answer(game, c.token, 0, [0], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		await host(game, { action: 'open' }, at(4000));
		view = await getScreenView(ctxFor(database, null, at(4000)), game.code);
		expect(view.question?.golden).toBe(true);
		await answer(game, a.token, 1, [1], at(5000));
		await answer(game, b.token, 1, [1], at(5000));
		await host(game, { action: 'close' }, at(6000));
		const g = await host(game, { action: 'reveal' }, at(7000));
		expect(g.state).toBe('finished');
	});
});

describe('kicking', () => {
	it('keeps a kicked guest out, and a second tap of the same browser joins once', async () => {
		const game = await newGame();
		const lan = await join(game, 'Lan');
		const again = await joinGame(ctxFor(database, null, T0), {
			code: game.code,
			displayName: 'Lan',
			unitName: 'Chi đoàn A',
			currentToken: lan.token
		});
		expect(again.player.id).toBe(lan.player.id);
		expect(again.token).toBe(lan.token);
		await host(game, { action: 'kick', playerId: lan.player.id }, T0);
		await expect(
			joinGame(ctxFor(database, null, T0), {
				code: game.code,
				displayName: 'Lan',
				unitName: 'Chi đoàn A',
				currentToken: lan.token
			})
		).rejects.toMatchObject({ status: 409, message: 'Bạn đã bị mời ra khỏi trò chơi này.' });
		const players = (await getScreenView(ctxFor(database, null, T0), game.code)).players;
		expect(players.map((p) => p.name)).not.toContain('Lan');
	});
});

describe('a game ended in the lobby', () => {
	it('has no results and no winners, and joining bumps the version screens compare', async () => {
		const game = await newGame();
		await join(game, 'Lan');
		const afterFirst = (await getScreenView(ctxFor(database, null, T0), game.code)).version;
		await join(game, 'Minh');
		expect((await getScreenView(ctxFor(database, null, T0), game.code)).version).toBeGreaterThan(
			afterFirst
		);
		const ended = await host(game, { action: 'end' }, at(1000));
		expect(ended.state).toBe('finished');
		expect((await getScreenView(ctxFor(database, null, at(1000)), game.code)).results).toBeNull();
		expect((await getGameReport(ctxFor(database, tree.organizer), game.code)).order).toEqual([]);
	});
});

describe('what leaves the server', () => {
	it('no answer key in any payload before the question is revealed', async () => {
		const game = await newGame({ questionIds: [questionIds[4]!] });
		const a = await join(game, 'An');
		const payloads: string[] = [];
		const capture = async (now: Date) => {
			payloads.push(JSON.stringify(await getScreenView(ctxFor(database, null, now), game.code)));
			payloads.push(
				JSON.stringify(await getPlayerView(ctxFor(database, null, now), game.code, a.token))
			);
			payloads.push(
				JSON.stringify(await getHostView(ctxFor(database, tree.organizer, now), game.code))
			);
		};
		await capture(T0);
		await host(game, { action: 'start' }, T0);
		await capture(at(1000));
		await host(game, { action: 'pause' }, at(2000));
		await capture(at(2000));
		await host(game, { action: 'resume' }, at(3000));
		await host(game, { action: 'close' }, at(4000));
		await capture(at(4000));
		for (const payload of payloads) {
			expect(payload).not.toContain(SECRET_TYPED);
			expect(payload).not.toContain(SECRET_EXPLANATION);
			expect(payload).not.toMatch(/"correct"|"accepted"|acceptedAnswers|tokenHash/);
		}
		await host(game, { action: 'reveal' }, at(5000));
		expect(
			JSON.stringify(await getScreenView(ctxFor(database, null, at(5000)), game.code))
		).toContain(SECRET_TYPED);
	});

	it('a screen gets the current state at once, then every change, and the timer closes by itself', async () => {
		// The hub's clock reads the instant the question's time and grace are over (it opens at
		// TEST_NOW): its timer closes the question as soon as it is armed.
		await startLiveHub(database, { clock: () => closesAt(deadlineFor(TEST_NOW, 5)) });
		const game = await createGame(ctxFor(database, tree.organizer), {
			unitId: tree.district.id,
			title: 'Hẹn giờ',
			mode: 'phones',
			questionIds,
			seconds: 5,
			rescueWhenAtMost: 2,
			rescueMaxUses: 1,
			goldenBellNumber: undefined,
			goldenBellWhenAtMost: undefined
		});
		const received: { state: string; version: number }[] = [];
		const stream = await screenStream(ctxFor(database, null), game.code);
		const unsubscribe = await subscribe(
			stream.gameId,
			{ audience: 'screen', playerId: null, send: (data) => received.push(JSON.parse(data)) },
			stream.load
		);
		expect(received.at(-1)?.state).toBe('lobby');
		await join(game, 'An');
		await hostAct(ctxFor(database, tree.organizer), game.code, { action: 'start' });
		const until = Date.now() + 10_000;
		while (received.at(-1)?.state !== 'closed' && Date.now() < until)
			await new Promise((r) => setTimeout(r, 100));
		expect(received.map((r) => r.state)).toEqual(
			expect.arrayContaining(['lobby', 'open', 'closed'])
		);
		expect(received.at(-1)?.state).toBe('closed');
		unsubscribe();
		expect(hubStats().subscribers).toBe(0);
		// Later tests play at T0 without the hub: a timer left armed would close their questions.
		await stopLiveHub();
	});
});

describe('who sees which players', () => {
	it('the host console lists every player, the big screen the first 200, a phone none', async () => {
		const game = await newGame();
		const players = [];
		for (let i = 1; i <= 205; i++) players.push(await join(game, `Người chơi ${i}`));
		const last = players.at(-1)!;
		const screen = await getScreenView(ctxFor(database, null), game.code);
		expect(screen.players).toHaveLength(200);
		expect(screen.counts.joined).toBe(205);
		const hostView = await getHostView(ctxFor(database, tree.organizer), game.code);
		expect(hostView.snapshot.players).toHaveLength(205);
		expect(hostView.snapshot.players.at(-1)).toMatchObject({ id: last.player.id, seat: 205 });
		const phone = await getPlayerView(ctxFor(database, null), game.code, last.token);
		expect(phone.game.players).toEqual([]);
		expect(phone.me).toMatchObject({ id: last.player.id, seat: 205, status: 'active' });
		// The host can act on a seat past the 200th: kicking it shows at once in every view.
		await host(game, { action: 'kick', playerId: last.player.id }, T0);
		const after = await getHostView(ctxFor(database, tree.organizer), game.code);
		expect(after.snapshot.players.map((p) => p.id)).not.toContain(last.player.id);
		expect((await getScreenView(ctxFor(database, null), game.code)).counts.joined).toBe(204);
		expect((await getPlayerView(ctxFor(database, null), game.code, last.token)).me).toBeNull();
	});
});

describe('whiteboard mode', () => {
	it('the host seats players, floor judges mark seats, the marks decide', async () => {
		const game = await newGame({ mode: 'whiteboard' });
		for (const name of ['An', 'Bình', 'Chi'])
			await host(game, { action: 'seat', displayName: name, unitName: 'Lớp 12A' }, T0);
		// Phones neither join nor answer in this mode.
		expect(await statusOf(join(game, 'Dũng'))).toBe(409);
		const players = (await getScreenView(ctxFor(database, null, T0), game.code)).players;
		expect(players.map((p) => [p.seat, p.name])).toEqual([
			[1, 'An'],
			[2, 'Bình'],
			[3, 'Chi']
		]);
		const [a, b] = players;
		await host(game, { action: 'start' }, T0);
		// Marks only once the question is closed.
		expect(await statusOf(host(game, { action: 'mark', rightPlayerIds: [a!.id] }, at(1000)))).toBe(
			409
		);
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'mark', rightPlayerIds: [a!.id] }, at(3000));
		// A second marking replaces the first.
		await host(game, { action: 'mark', rightPlayerIds: [a!.id, b!.id] }, at(4000));
		await host(game, { action: 'reveal' }, at(5000));
		let view = await getScreenView(ctxFor(database, null, at(5000)), game.code);
		expect(view.players.map((p) => p.status)).toEqual(['active', 'active', 'eliminated']);
		await host(game, { action: 'open' }, at(6000));
		await host(game, { action: 'close' }, at(7000));
		await host(game, { action: 'mark', rightPlayerIds: [b!.id] }, at(8000));
		const g = await host(game, { action: 'reveal' }, at(9000));
		expect(g.state).toBe('finished');
		view = await getScreenView(ctxFor(database, null, at(9000)), game.code);
		expect(view.results?.filter((r) => r.winner).map((r) => r.name)).toEqual(['Bình']);
	});

	it('seating and marking belong to whiteboard games only', async () => {
		const game = await newGame();
		expect(
			await statusOf(host(game, { action: 'seat', displayName: 'An', unitName: '' }, T0))
		).toBe(409);
	});
});

describe('rescue questions', () => {
	const rescueGame = (options: Partial<Parameters<typeof createGame>[1]> = {}) =>
		newGame({
			questionIds: questionIds.slice(0, 4),
			rescueQuestionIds: rescueIds,
			rescueSeconds: 30,
			...options
		});
	const typed = (game: LiveGame, token: string, position: number, text: string, now: Date) =>
		submitAnswer(ctxFor(database, null, now), {
			code: game.code,
			token,
			answer: {
				position,
				choice: undefined,
				text
			}
		});
	const screen = (game: LiveGame, now: Date) =>
		getScreenView(ctxFor(database, null, now), game.code);

	it('refuses a rescue question that is also a main question', async () => {
		expect(
			await statusOf(
				newGame({ questionIds: questionIds.slice(0, 2), rescueQuestionIds: [questionIds[0]!] })
			)
		).toBe(400);
	});

	it('on phones: only the eliminated answer, once and in time; those right come back, once only', async () => {
		const game = await rescueGame();
		const [a, b, c, d, e] = [
			await join(game, 'An'),
			await join(game, 'Bình'),
			await join(game, 'Chi'),
			await join(game, 'Dũng'),
			await join(game, 'Em')
		];
		// Q1: a and b right; c, d, e wrong. Two stand: a rescue is available.
		await host(game, { action: 'start' }, T0);
		for (const p of [a, b]) await answer(game, p.token, 0, [1], at(1000));
		for (const p of [c, d, e]) await answer(game, p.token, 0, [2], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		// The rescue question sits after the 4 main questions: position 4, 30 s.
		const opened = await host(game, { action: 'rescue_question' }, at(4000));
		expect(opened).toMatchObject({ state: 'open', currentIndex: 4 });
		expect(opened.deadlineAt?.getTime()).toBe(at(34_000).getTime());
		const payloads: string[] = [];
		const capture = async (now: Date) => {
			payloads.push(JSON.stringify(await screen(game, now)));
			for (const p of [a, c])
				payloads.push(
					JSON.stringify(await getPlayerView(ctxFor(database, null, now), game.code, p.token))
				);
		};
		await capture(at(4000));
		const onScreen = await screen(game, at(4000));
		expect(onScreen.question).toMatchObject({ rescue: true, golden: false, answer: null });
		expect(onScreen.questionCount).toBe(4);
		// A standing player is refused, with the reason; an eliminated one answers once.
		await expect(typed(game, a.token, 4, SECRET_RESCUE, at(5000))).rejects.toMatchObject({
			status: 409,
			message: STANDING_ON_RESCUE
		});
		await typed(game, c.token, 4, 'ly tu trong cuu tro', at(5000));
		await typed(game, d.token, 4, 'Kim Đồng', at(5000));
		expect(await statusOf(typed(game, d.token, 4, SECRET_RESCUE, at(6000)))).toBe(409);
		// After the deadline plus grace, even the right answer does not count.
		expect(await statusOf(typed(game, e.token, 4, SECRET_RESCUE, at(34_000 + GRACE_MS + 1)))).toBe(
			409
		);
		await host(game, { action: 'close' }, at(35_000));
		await capture(at(35_000));
		for (const payload of payloads) {
			expect(payload).not.toContain(SECRET_RESCUE);
			expect(payload).not.toMatch(/"correct"|"accepted"|acceptedAnswers|tokenHash/);
		}
		// Revealed: c returns to the floor, d and e stay out; one use counted.
		const revealed = await host(game, { action: 'reveal' }, at(36_000));
		expect(revealed).toMatchObject({ state: 'revealed', rescuesUsed: 1 });
		const view = await screen(game, at(36_000));
		expect(view.question?.answer?.accepted).toEqual([SECRET_RESCUE]);
		expect(view.counts).toMatchObject({ standing: 3, returnedNow: 1, fellNow: 0 });
		expect(view.rescue).toMatchObject({ used: 1, available: false, questionsLeft: 1 });
		expect(view.players.map((p) => [p.name, p.status])).toEqual([
			['An', 'active'],
			['Bình', 'active'],
			['Chi', 'active'],
			['Dũng', 'eliminated'],
			['Em', 'eliminated']
		]);
		const rescues = await database.db
			.select()
			.from(liveRescues)
			.where(eq(liveRescues.gameId, game.id));
		expect(rescues).toMatchObject([
			{ kind: 'question', atIndex: 0, sinceIndex: null, questionPosition: 4, restored: 1 }
		]);
		const audit = await database.db
			.select({ action: auditLog.action, after: auditLog.after })
			.from(auditLog)
			.where(and(eq(auditLog.entityType, 'live_game'), eq(auditLog.entityId, String(game.id))));
		expect(audit.map((r) => r.action)).toContain('live.rescue_question');
		// M = 1: neither kind of rescue again.
		expect(await statusOf(host(game, { action: 'rescue_question' }, at(37_000)))).toBe(409);
		expect(await statusOf(host(game, { action: 'rescue', sinceIndex: 0 }, at(37_000)))).toBe(409);
		// The game goes on with the next main question, question 2.
		const next = await host(game, { action: 'open' }, at(38_000));
		expect(next.currentIndex).toBe(1);
		expect((await screen(game, at(38_000))).question).toMatchObject({ number: 2, rescue: false });
		await answer(game, c.token, 1, [1], at(39_000));
		expect(await statusOf(answer(game, d.token, 1, [1], at(39_000)))).toBe(409);
		await host(game, { action: 'end' }, at(40_000));
		// Statistics in the order played, the rescue question marked, and in the export.
		const report = await getGameReport(ctxFor(database, tree.organizer), game.code);
		expect(report.questions.map((q) => [q.label, q.rescue, q.answered, q.right, q.fell])).toEqual([
			// Fell: everyone who fell there, Chi too though the rescue brought her back.
			['Câu 1', false, 5, 2, 3],
			['Cứu trợ 1', true, 2, 1, 0],
			['Câu 2', false, 1, 0, 0]
		]);
		const book = await readXlsx(
			await exportGameReport(ctxFor(database, tree.organizer), game.code)
		);
		const stats = sheetRows(book.worksheets[1]!);
		expect(stats).toEqual([
			['Câu', 'Loại', 'Câu hỏi', 'Trả lời', 'Đúng', 'Bị loại', 'Trở lại sàn'],
			['Câu 1', 'Thường', report.questions[0]!.prompt, 5, 2, 3, null],
			['Cứu trợ 1', 'Cứu trợ', report.questions[1]!.prompt, 2, 1, null, 1],
			['Câu 2', 'Thường', report.questions[2]!.prompt, 1, 0, 0, null]
		]);
	});

	it('nobody right: another rescue while uses remain, at most M; an empty floor plays on after one returns', async () => {
		const game = await rescueGame({ rescueMaxUses: 2 });
		const [a, b] = [await join(game, 'An'), await join(game, 'Bình')];
		await host(game, { action: 'start' }, T0);
		await answer(game, a.token, 0, [0], at(1000));
		await host(game, { action: 'close' }, at(2000));
		let g = await host(game, { action: 'reveal' }, at(3000));
		// All fell with a rescue left: the host decides.
		expect(g.state).toBe('revealed');
		expect(await statusOf(host(game, { action: 'open' }, at(3500)))).toBe(409);
		await host(game, { action: 'rescue_question' }, at(4000));
		await typed(game, a.token, 4, 'sai', at(5000));
		await host(game, { action: 'close' }, at(6000));
		g = await host(game, { action: 'reveal' }, at(7000));
		expect(g).toMatchObject({ state: 'revealed', rescuesUsed: 1 });
		expect((await screen(game, at(7000))).counts).toMatchObject({ standing: 0, returnedNow: 0 });
		// The second rescue question (position 5): b is right and comes back alone.
		expect((await host(game, { action: 'rescue_question' }, at(8000))).currentIndex).toBe(5);
		await answer(game, a.token, 5, [2], at(9000));
		await answer(game, b.token, 5, [1], at(9000));
		await host(game, { action: 'close' }, at(10_000));
		g = await host(game, { action: 'reveal' }, at(11_000));
		expect(g).toMatchObject({ state: 'revealed', rescuesUsed: 2 });
		expect((await screen(game, at(11_000))).counts).toMatchObject({ standing: 1, returnedNow: 1 });
		expect(await statusOf(host(game, { action: 'rescue_question' }, at(12_000)))).toBe(409);
		// b plays question 2 and, alone and right, rings the bell.
		await host(game, { action: 'open' }, at(13_000));
		await answer(game, b.token, 1, [1], at(14_000));
		await host(game, { action: 'close' }, at(15_000));
		g = await host(game, { action: 'reveal' }, at(16_000));
		expect(g.state).toBe('finished');
		expect((await screen(game, at(16_000))).results?.map((r) => [r.name, r.winner])).toEqual([
			['Bình', true],
			['An', false]
		]);
	});

	it('all fell, nobody right on the last rescue: the game ends and those who fell last share it', async () => {
		const game = await rescueGame();
		const [a, b] = [await join(game, 'An'), await join(game, 'Bình')];
		await host(game, { action: 'start' }, T0);
		await host(game, { action: 'close' }, at(1000));
		await host(game, { action: 'reveal' }, at(2000));
		await host(game, { action: 'rescue_question' }, at(3000));
		await typed(game, a.token, 4, 'sai', at(4000));
		await typed(game, b.token, 4, 'cũng sai', at(4000));
		await host(game, { action: 'close' }, at(5000));
		const g = await host(game, { action: 'reveal' }, at(6000));
		expect(g.state).toBe('finished');
		const end = await screen(game, at(6000));
		expect(end.results?.map((r) => [r.name, r.rank, r.winner])).toEqual([
			['An', 1, true],
			['Bình', 1, true]
		]);
	});

	it('no rescue question set aside: only the other kind of rescue', async () => {
		const game = await newGame();
		const [a, b, c] = [await join(game, 'An'), await join(game, 'Bình'), await join(game, 'Chi')];
		await host(game, { action: 'start' }, T0);
		for (const p of [a, b]) await answer(game, p.token, 0, [1], at(1000));
		await answer(game, c.token, 0, [0], at(1000));
		await host(game, { action: 'close' }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		await expect(host(game, { action: 'rescue_question' }, at(4000))).rejects.toMatchObject({
			status: 409,
			message: 'Không còn câu hỏi cứu trợ nào.'
		});
		await host(game, { action: 'rescue', sinceIndex: 0 }, at(5000));
		expect((await screen(game, at(5000))).counts.standing).toBe(3);
	});

	it('whiteboard: the floor judges mark eliminated seats only; those marked right come back', async () => {
		const game = await rescueGame({ mode: 'whiteboard' });
		for (const name of ['An', 'Bình', 'Chi', 'Dũng'])
			await host(game, { action: 'seat', displayName: name, unitName: '' }, T0);
		const [a, b, c, d] = (await screen(game, T0)).players;
		await host(game, { action: 'start' }, T0);
		await host(game, { action: 'close' }, at(1000));
		await host(game, { action: 'mark', rightPlayerIds: [a!.id, b!.id] }, at(2000));
		await host(game, { action: 'reveal' }, at(3000));
		await host(game, { action: 'rescue_question' }, at(4000));
		await host(game, { action: 'close' }, at(5000));
		// A standing seat is not marked on a rescue question.
		expect(await statusOf(host(game, { action: 'mark', rightPlayerIds: [a!.id] }, at(6000)))).toBe(
			400
		);
		await host(game, { action: 'mark', rightPlayerIds: [c!.id] }, at(6000));
		const g = await host(game, { action: 'reveal' }, at(7000));
		expect(g).toMatchObject({ state: 'revealed', rescuesUsed: 1 });
		const view = await screen(game, at(7000));
		expect(view.players.map((p) => p.status)).toEqual(['active', 'active', 'active', 'eliminated']);
		expect(view.counts.returnedNow).toBe(1);
		expect(d!.name).toBe('Dũng');
		const report = await getGameReport(ctxFor(database, tree.organizer), game.code);
		expect(report.questions.map((q) => [q.label, q.right])).toEqual([
			['Câu 1', 2],
			['Cứu trợ 1', 1]
		]);
	});
});
