import * as devalue from 'devalue';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { generateSessionToken, insertSession, sessionIdFromToken } from '../auth';
import type { Database } from '../db/client';
import { attempts, questions } from '../db/schema';
import {
	contestInput,
	makeApprovedQuestion,
	optionIdOf,
	registeredMember,
	roundInput
} from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { DECLINED, serveNodeRoutes } from '../testing/node-server';
import { ctxFor, makeTree } from '../testing/factories';
import { contestNodeRoutes } from './node-routes';
import { addRound, createContest, getAttempt, openRound, startAttempt } from './service';

// The enhanced submit as `npm start` serves it (testing/node-server).
const ORIGIN = 'http://thi.test';
const T0 = new Date('2026-11-23T03:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
let now = minutes(3);

let database: Database;
let server: Awaited<ReturnType<typeof serveNodeRoutes>>;
let base = '';
let tree: Awaited<ReturnType<typeof makeTree>>;
let contestId = 0;
let roundId = 0;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	const ctx = ctxFor(database, tree.organizer, T0);
	for (let i = 0; i < 3; i++) await makeApprovedQuestion(ctx, tree.district.id);
	contestId = (await createContest(ctx, contestInput(tree.district.id, 'Nộp bài qua tuyến nút')))
		.id;
	roundId = (
		await addRound(ctx, {
			contestId,
			...roundInput('Tuần 1', T0, minutes(120), { questionCount: 3 })
		})
	).id;
	await openRound(ctx, { roundId });
	server = await serveNodeRoutes(
		contestNodeRoutes({
			origins: new Set([ORIGIN]),
			db: database.db,
			secure: false,
			clock: () => now
		})
	);
	base = server.base;
});

afterAll(async () => {
	await server?.close();
	await database?.close();
});

/** A signed-in member with a session (expiring at `expiresAt`) and an attempt started at T0 + 1 min. */
async function player(expiresAt = minutes(60 * 24 * 29)) {
	const actor = await registeredMember(database, contestId, tree.grassroots, T0);
	const { attemptId } = await startAttempt(ctxFor(database, actor, minutes(1)), { roundId });
	const token = generateSessionToken();
	await insertSession(database.db, sessionIdFromToken(token), actor.id, expiresAt);
	return { actor, attemptId, token };
}

/** The form as the page sends it: every question answered, right for the first `right`. */
async function sheet(actor: Actor, attemptId: number, right: number) {
	const view = await getAttempt(ctxFor(database, actor, minutes(2)), attemptId);
	const form = new URLSearchParams();
	for (const [i, q] of view.questions.entries()) {
		const [row] = await database.db.select().from(questions).where(eq(questions.id, q.id));
		const chosen = i < right ? row!.correct[0]! : (row!.correct[0]! + 1) % row!.options.length;
		form.append(`q${q.id}`, optionIdOf(q, row!.options[chosen]!));
	}
	return form.toString();
}

/** What `use:enhance` sends for "Nộp bài". */
function submit(
	attemptId: number,
	body: string,
	{ token = '', origin = ORIGIN, accept = 'application/json', type = '' } = {}
) {
	return fetch(`${base}/cuoc-thi/${contestId}/bai/${attemptId}?/submit`, {
		method: 'POST',
		headers: {
			'content-type': type || 'application/x-www-form-urlencoded',
			accept,
			'x-sveltekit-action': 'true',
			origin,
			...(token ? { cookie: `gs_session=${token}` } : {})
		},
		body
	});
}

/** The answer as SvelteKit's `deserialize` reads it: a failure's data is devalue-encoded. */
async function actionResult(response: Response) {
	const result = await response.json();
	return result.type === 'failure' ? { ...result, data: devalue.parse(result.data) } : result;
}

const stored = async (attemptId: number) =>
	(await database.db.select().from(attempts).where(eq(attempts.id, attemptId)))[0]!;

describe('the contest submit node route', () => {
	it('ends the attempt of the signed-in player and answers as the enhanced form action does', async () => {
		const p = await player();
		now = minutes(3);
		const response = await submit(p.attemptId, await sheet(p.actor, p.attemptId, 2), {
			token: p.token
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('set-cookie')).toBeNull();
		expect(await actionResult(response)).toEqual({
			type: 'redirect',
			status: 303,
			location: `/cuoc-thi/${contestId}/bai/${p.attemptId}?da-nop=1`
		});
		expect(await stored(p.attemptId)).toMatchObject({
			finishedAt: minutes(3),
			correctCount: 2,
			durationMs: 2 * 60_000
		});

		const again = await submit(p.attemptId, await sheet(p.actor, p.attemptId, 3), {
			token: p.token
		});
		expect(await actionResult(again)).toEqual({
			type: 'failure',
			status: 409,
			data: { message: 'Bài thi đã được nộp.', errors: {}, values: expect.any(Object) }
		});
		expect((await stored(p.attemptId)).correctCount).toBe(2);
	});

	it('slides a session in the second half of its life, as the hooks do', async () => {
		now = minutes(4);
		const p = await player(minutes(60 * 24 * 10));
		const response = await submit(p.attemptId, await sheet(p.actor, p.attemptId, 1), {
			token: p.token
		});
		expect((await actionResult(response)).type).toBe('redirect');
		const cookie = response.headers.get('set-cookie')!;
		expect(cookie).toMatch(new RegExp(`^gs_session=${p.token}; `));
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Lax');
		expect(cookie).toContain(`Expires=${new Date(now.getTime() + 30 * 86_400_000).toUTCString()}`);
	});

	it('refuses another site, another player and no one, and stores nothing for them', async () => {
		now = minutes(5);
		const p = await player();
		const other = await player();
		const body = await sheet(p.actor, p.attemptId, 3);
		const cross = await actionResult(
			await submit(p.attemptId, body, { token: p.token, origin: 'https://trang-khac.example' })
		);
		expect(cross).toMatchObject({ type: 'failure', status: 403 });
		expect(cross.data.message).toBe('Yêu cầu từ trang web khác bị từ chối.');
		const theirs = await actionResult(await submit(p.attemptId, body, { token: other.token }));
		expect(theirs).toMatchObject({ type: 'failure', status: 404 });
		expect(theirs.data.message).toBe('Không tìm thấy lượt thi.');
		const nobody = await actionResult(await submit(p.attemptId, body));
		expect(nobody).toMatchObject({ type: 'failure', status: 401 });
		expect(await stored(p.attemptId)).toMatchObject({ finishedAt: null, correctCount: null });
	});

	it('leaves the page without JavaScript and other bodies to SvelteKit', async () => {
		const p = await player();
		const body = await sheet(p.actor, p.attemptId, 3);
		const plain = await submit(p.attemptId, body, { token: p.token, accept: 'text/html' });
		expect(plain.status).toBe(DECLINED);
		const multipart = await submit(p.attemptId, body, {
			token: p.token,
			type: 'multipart/form-data'
		});
		expect(multipart.status).toBe(DECLINED);
		const huge = await submit(p.attemptId, `q1=${'a'.repeat(300 * 1024)}`, { token: p.token });
		expect(await actionResult(huge)).toMatchObject({ type: 'failure', status: 413 });
		expect((await stored(p.attemptId)).finishedAt).toBeNull();
	});
});
