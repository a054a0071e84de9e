import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { busReconnected, onBusReconnect } from '../realtime/bus';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { makeGame } from '../testing/live';
import { answersQuestion, phoneMe, type PublicGame } from '$lib/shared/live';
import { startLiveHub, stopLiveHub, subscribe } from './hub';
import * as repo from './repo';
import { hostAct, joinGame, playerStream, screenStream, submitAnswer } from './service';
import type { PlayerSelf } from './view';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	// The games here open at TEST_NOW, and the hub's clock stays there: no close timer fires.
	await startLiveHub(database, { clock: () => TEST_NOW });
});

afterAll(async () => {
	await stopLiveHub();
	await database?.close();
});

async function until(check: () => boolean, ms = 10_000) {
	const end = Date.now() + ms;
	while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
	return check();
}

describe('missed notifications', () => {
	it('on a listener reconnect, screens get the state committed meanwhile', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const q = await makeApprovedQuestion(ctx, tree.district.id);
		const game = await makeGame(ctx, tree.district.id, [q.id], {
			title: 'Mất kết nối',
			rescueWhenAtMost: 2,
			rescueMaxUses: 1
		});
		const seen: { lobbyLocked: boolean }[] = [];
		const stream = await screenStream(ctxFor(database, null), game.code);
		const unsubscribe = await subscribe(
			stream.gameId,
			{ audience: 'screen', playerId: null, send: (d) => seen.push(JSON.parse(d)) },
			stream.load
		);
		// A change whose notification never arrives (as if sent while the listener was down).
		await repo.updateGame(database.db, game.id, { lobbyLocked: true });
		await new Promise((r) => setTimeout(r, 200));
		expect(seen.at(-1)?.lobbyLocked).toBe(false);
		busReconnected();
		expect(await until(() => seen.at(-1)?.lobbyLocked === true)).toBe(true);
		unsubscribe();
	});

	it.runIf(process.env.TEST_ENGINE === 'postgres')(
		'a dropped LISTEN connection comes back and reports the reconnect',
		async () => {
			let reconnects = 0;
			const off = onBusReconnect(() => reconnects++);
			await database.db.execute(
				sql`select pg_terminate_backend(pid) from pg_stat_activity
					where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`
			);
			expect(await until(() => reconnects > 0, 15_000)).toBe(true);
			off();
		}
	);
});

describe('events', () => {
	it('carry no answer key to screens or phones until the reveal', async () => {
		const SECRET = 'Đáp án gõ bí mật của sự kiện';
		const ctx = ctxFor(database, tree.organizer);
		const q = await makeApprovedQuestion(ctx, tree.district.id, {
			type: 'short',
			options: [],
			correct: [],
			acceptedAnswers: [SECRET]
		});
		const game = await makeGame(ctx, tree.district.id, [q.id], {
			title: 'Sự kiện',
			seconds: 60,
			rescueWhenAtMost: 2,
			rescueMaxUses: 1
		});
		const { token } = await joinGame(ctxFor(database, null), {
			code: game.code,
			displayName: 'An',
			unitName: undefined
		});
		const events: string[] = [];
		const send = (d: string) => events.push(d);
		const screen = await screenStream(ctxFor(database, null), game.code);
		const phone = await playerStream(ctxFor(database, null), game.code, token);
		const offScreen = await subscribe(
			screen.gameId,
			{ audience: 'screen', playerId: null, send },
			screen.load
		);
		const phoneFrames: { game: { state: string }; me?: { status: string } | null }[] = [];
		const offPhone = await subscribe(
			phone.gameId,
			{
				audience: 'phone',
				playerId: phone.playerId,
				send: (d) => {
					send(d);
					phoneFrames.push(JSON.parse(d));
				}
			},
			phone.load
		);
		const states = async (state: string) =>
			until(() => events.filter((e) => e.includes(`"state":"${state}"`)).length >= 2);
		for (const action of ['start', 'pause', 'resume', 'close'] as const) {
			await hostAct(ctx, game.code, { action });
			const expected = { start: 'open', pause: 'paused', resume: 'open', close: 'closed' }[action];
			expect(await states(expected)).toBe(true);
		}
		expect(events.length).toBeGreaterThanOrEqual(8);
		for (const event of events) expect(event).not.toContain(SECRET);
		// The phone got its own status once; later frames leave it out while it is unchanged.
		expect(phoneFrames[0]!.me).toMatchObject({ status: 'active' });
		expect(phoneFrames.slice(1).every((f) => !('me' in f))).toBe(true);
		await hostAct(ctx, game.code, { action: 'reveal' });
		expect(await until(() => events.some((e) => e.includes(SECRET)))).toBe(true);
		// No answer: the player fell, and the frame that says so carries the new status.
		expect(await until(() => phoneFrames.at(-1)?.me?.status === 'eliminated')).toBe(true);
		offScreen();
		offPhone();
	});
});

describe('a rescue question', () => {
	it('is offered on the phone of a player who fell: her status and the open question agree', async () => {
		const ctx = ctxFor(database, tree.organizer);
		const typed = () =>
			makeApprovedQuestion(ctx, tree.district.id, {
				type: 'short',
				options: [],
				correct: [],
				acceptedAnswers: ['Đúng']
			});
		const [q1, q2, rescue] = [await typed(), await typed(), await typed()];
		const game = await makeGame(ctx, tree.district.id, [q1.id, q2.id], {
			title: 'Cứu trợ trên điện thoại',
			rescueQuestionIds: [rescue.id],
			seconds: 60,
			rescueWhenAtMost: 2,
			rescueMaxUses: 1
		});
		const guest = (displayName: string) =>
			joinGame(ctxFor(database, null), { code: game.code, displayName, unitName: undefined });
		const [an, binh, chi] = [await guest('An'), await guest('Bình'), await guest('Chi')];
		// What Chi's phone holds: the newest frame, and her own status as the page merges it.
		let phone: { game: PublicGame; me: PlayerSelf | null } | null = null;
		const stream = await playerStream(ctxFor(database, null), game.code, chi.token);
		const off = await subscribe(
			stream.gameId,
			{
				audience: 'phone',
				playerId: stream.playerId,
				send: (d) => {
					const frame = JSON.parse(d) as { game: PublicGame; me?: PlayerSelf | null };
					phone = { game: frame.game, me: phoneMe(frame, phone, null) };
				}
			},
			stream.load
		);
		const offered = () =>
			phone !== null &&
			phone.game.state === 'open' &&
			phone.game.question?.rescue === true &&
			phone.me !== null &&
			answersQuestion(phone.me.status, true);

		await hostAct(ctx, game.code, { action: 'start' });
		for (const { token } of [an, binh])
			await submitAnswer(ctxFor(database, null), {
				code: game.code,
				token,
				answer: { position: 0, text: 'Đúng', choice: undefined }
			});
		await hostAct(ctx, game.code, { action: 'close' });
		// Chi sent nothing: she falls at question 1, An and Bình stand.
		await hostAct(ctx, game.code, { action: 'reveal' });
		await hostAct(ctx, game.code, { action: 'rescue_question' });
		expect(await until(offered)).toBe(true);
		expect(phone!.me).toMatchObject({ name: 'Chi', status: 'eliminated', fellAt: 0 });
		off();
	});
});
