import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { stopLiveHub } from '../live';
import { getPlayerView, hostAct, joinGame, submitAnswer } from '../live';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree } from '../testing/factories';
import { makeGame } from '../testing/live';
import { statusOf } from '../testing/status';
import { createDecisionFromLiveGame, getDecision, previewDecisionFromLiveGame } from './service';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await stopLiveHub();
	await database?.close();
});

const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const decision = {
	number: '12-QĐ/ĐTN',
	decidedOn: '2026-11-26',
	issuer: 'Ban Thường vụ Huyện đoàn A',
	signer: 'Nguyễn Văn Ký',
	signerTitle: 'Bí thư',
	citation: '',
	field: undefined,
	kind: 'giai_nhat' as const,
	customKind: undefined
};

describe('a live game becomes an award decision', () => {
	it('gives its top places their prizes once the game is over, and only to its unit’s organizers', async () => {
		const organizer = ctxFor(database, tree.organizer, T0);
		const question = await makeApprovedQuestion(organizer, tree.district.id);
		const game = await makeGame(organizer, tree.district.id, [question.id], {
			title: 'Rung chuông vàng Huyện đoàn A',
			rescueWhenAtMost: 1
		});
		const join = (name: string) =>
			joinGame(ctxFor(database, null, T0), {
				code: game.code,
				displayName: name,
				unitName: 'Chi đoàn A'
			});
		const [an, binh] = [await join('Trần An'), await join('Lê Bình'), await join('Phạm Chi')];
		const input = { ...decision, gameId: game.id };
		expect(await statusOf(createDecisionFromLiveGame(organizer, input))).toBe(409);

		// One question: An right, Bình wrong, Chi silent. An stands alone and the game ends.
		await hostAct(organizer, game.code, { action: 'start' });
		const answer = (token: string, choice: number) =>
			submitAnswer(ctxFor(database, null, at(1000)), {
				code: game.code,
				token,
				answer: {
					position: 0,
					choice: [choice],
					text: undefined
				}
			});
		// Each game shows the options in its own order: the right one is found by its text.
		const phone = await getPlayerView(ctxFor(database, null, at(1000)), game.code, an!.token);
		const right = phone.game.question!.options.indexOf('Phương án hai');
		await answer(an!.token, right);
		await answer(binh!.token, (right + 1) % 4);
		await hostAct({ ...organizer, now: at(2000) }, game.code, { action: 'close' });
		const ended = await hostAct({ ...organizer, now: at(3000) }, game.code, { action: 'reveal' });
		expect(ended.state).toBe('finished');

		expect(
			await statusOf(createDecisionFromLiveGame(ctxFor(database, tree.siblingOrganizer), input))
		).toBe(404);
		// Who, how many and which prize are confirmed first; without that nothing is written.
		expect(await statusOf(createDecisionFromLiveGame(organizer, input))).toBe(400);
		const preview = await previewDecisionFromLiveGame(organizer, input);
		expect(preview.kinds).toEqual([
			{ label: 'Giải Nhất', count: 1 },
			{ label: 'Giải Nhì', count: 2 }
		]);
		const id = await createDecisionFromLiveGame(organizer, {
			...input,
			confirmation: preview.token
		});
		await expect(
			previewDecisionFromLiveGame(organizer, { ...input, number: '13-QĐ/ĐTN' })
		).rejects.toMatchObject({
			status: 409,
			message: 'Kết quả này đã được khen theo quyết định số 12-QĐ/ĐTN.'
		});
		const view = await getDecision(organizer, id);
		expect(view.recipients.map((r) => [r.name, r.kind])).toEqual([
			['Trần An', 'giai_nhat'],
			['Lê Bình', 'giai_nhi'],
			['Phạm Chi', 'giai_nhi']
		]);
		// The prize names the game once, though its title already says "Rung chuông vàng".
		expect(view.recipients[0]!.achievement).toBe(
			'Đạt Giải Nhất cuộc thi “Rung chuông vàng Huyện đoàn A”'
		);
		expect(view.decision.source).toBe('live_game');
		expect(view.gameReport).toBe(`/quan-tri/rung-chuong-vang/${game.code}`);
	});
});
