import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { liveAnswers, type LiveGame } from '../db/schema';
import { makeApprovedQuestion } from '../testing/contests';
import { createTestDatabase } from '../testing/database';
import { DECLINED, serveNodeRoutes } from '../testing/node-server';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { makeGame } from '../testing/live';
import { captureLogs, sample } from '../testing/observability';
import { hubStats, startLiveHub, stopLiveHub } from './hub';
import { liveNodeRoutes } from './node-routes';
import { hostAct, joinGame } from './service';

// The answer route as `npm start` serves it (testing/node-server).
const ORIGIN = 'http://hoi-truong.test';
/** Hall mode: the same server reached through another of the laptop's addresses. */
const LAN_ORIGIN = 'http://192.168.1.20:3000';
let database: Database;
let server: Awaited<ReturnType<typeof serveNodeRoutes>>;
let base = '';
let game: LiveGame;
let token = '';
let otherToken = '';
let lanToken = '';
let organizer: Awaited<ReturnType<typeof makeTree>>['organizer'];
/** The question opens at TEST_NOW; the server's clock reads a second later, within its 20 s. */
const SERVER_NOW = new Date(TEST_NOW.getTime() + 1000);
const clock = () => SERVER_NOW;

beforeAll(async () => {
	database = await createTestDatabase();
	const tree = await makeTree(database);
	organizer = tree.organizer;
	await startLiveHub(database, { clock });
	const ctx = ctxFor(database, tree.organizer);
	const question = await makeApprovedQuestion(ctx, tree.district.id);
	game = await makeGame(
		ctx,
		tree.district.id,
		[question.id, (await makeApprovedQuestion(ctx, tree.district.id)).id],
		{ title: 'Tuyến nút' }
	);
	const guest = (displayName: string) =>
		joinGame(ctxFor(database, null), { code: game.code, displayName, unitName: 'Chi đoàn A' });
	token = (await guest('Lan')).token;
	otherToken = (await guest('Minh')).token;
	lanToken = (await guest('Hoa')).token;
	await hostAct(ctx, game.code, { action: 'start' });

	server = await serveNodeRoutes(
		liveNodeRoutes({ origins: new Set([ORIGIN, LAN_ORIGIN]), db: database.db, clock })
	);
	base = server.base;
});

afterAll(async () => {
	await stopLiveHub();
	await server?.close();
	await database?.close();
});

function post(
	body: string,
	{ cookie = token, origin = ORIGIN, type = 'application/x-www-form-urlencoded', path = '' } = {}
) {
	return fetch(`${base}${path || `/choi/${game.code}/tra-loi`}`, {
		method: 'POST',
		headers: {
			'content-type': type,
			origin,
			...(cookie ? { cookie: `gs_live_${game.code}=${cookie}` } : {})
		},
		body
	});
}

const storedFor = async (playerToken: string) => {
	const rows = await database.db
		.select({ answer: liveAnswers.answer, playerId: liveAnswers.playerId })
		.from(liveAnswers)
		.where(and(eq(liveAnswers.gameId, game.id), eq(liveAnswers.position, 0)));
	return { rows, playerToken };
};

describe('the live answer node route', () => {
	it('refuses another site, an oversized body and a malformed answer before storing anything', async () => {
		const cross = await post('position=0&choice=1', { origin: 'https://trang-khac.example' });
		expect(cross.status).toBe(403);
		expect(await cross.json()).toEqual({ message: 'Yêu cầu từ trang web khác bị từ chối.' });
		expect(cross.headers.get('x-content-type-options')).toBe('nosniff');

		const huge = await post(`position=0&text=${'a'.repeat(5000)}`);
		expect(huge.status).toBe(413);
		expect((await huge.json()).message).toBe('Câu trả lời quá dài.');

		const bad = await post('position=-1&choice=1');
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toBe('Câu hỏi không hợp lệ, vui lòng tải lại trang.');

		expect((await storedFor(token)).rows).toEqual([]);
	});

	it('stores the first answer of the player whose cookie it carries, and refuses a second', async () => {
		const first = await post('position=0&choice=1');
		expect(first.status).toBe(200);
		expect(first.headers.get('cache-control')).toBe('no-store');
		expect(await first.json()).toEqual({ answered: 0 });

		const again = await post('position=0&choice=2');
		expect(again.status).toBe(409);
		expect((await again.json()).message).toContain('chỉ câu trả lời đầu tiên được tính');

		const { rows } = await storedFor(token);
		expect(rows.map((r) => r.answer)).toEqual([[1]]);
	});

	it('acts for no one without a player cookie, and answers 404 for an unknown game', async () => {
		const anonymous = await post('position=0&choice=1', { cookie: '' });
		expect(anonymous.status).toBe(404);
		expect((await anonymous.json()).message).toBe('Bạn chưa tham gia trò chơi này.');
		const unknown = await post('position=0&choice=1', {
			cookie: otherToken,
			path: '/choi/ZZZZZZ/tra-loi'
		});
		expect(unknown.status).toBe(404);
		expect((await storedFor(otherToken)).rows).toHaveLength(1);
	});

	it('leaves other bodies and paths to SvelteKit', async () => {
		const multipart = new FormData();
		multipart.set('position', '0');
		const declined = await fetch(`${base}/choi/${game.code}/tra-loi`, {
			method: 'POST',
			headers: { origin: ORIGIN, cookie: `gs_live_${game.code}=${otherToken}` },
			body: multipart
		});
		expect(declined.status).toBe(DECLINED);
		expect(
			(await post('position=0&choice=1', { path: `/choi/${game.code}/tra-loi?x=1` })).status
		).toBe(DECLINED);
		expect((await fetch(`${base}/choi/${game.code}/tra-loi`)).status).toBe(DECLINED);
		expect((await storedFor(otherToken)).rows).toHaveLength(1);
	});

	it('takes an answer sent through another of the server’s own addresses (a hall’s LAN)', async () => {
		const lan = await post('position=0&choice=2', { cookie: lanToken, origin: LAN_ORIGIN });
		expect(lan.status).toBe(200);
		const { rows } = await storedFor(lanToken);
		expect(rows.map((r) => r.answer).sort()).toEqual([[1], [2]]);
	});
});

/** Reads a stream until its text so far satisfies `done` (or fails after 5 s). */
async function readUntil(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	done: (text: string) => boolean
): Promise<string> {
	const decoder = new TextDecoder();
	let text = '';
	const deadline = Date.now() + 5000;
	while (!done(text)) {
		if (Date.now() > deadline) throw new Error(`stream stalled: ${text}`);
		const { value, done: ended } = await reader.read();
		if (ended) throw new Error(`stream ended: ${text}`);
		text += decoder.decode(value, { stream: true });
	}
	return text;
}

describe('the phone stream node route', () => {
	it('refuses a browser without a player cookie with 404, before any event', async () => {
		const response = await fetch(`${base}/choi/${game.code}/su-kien`);
		expect(response.status).toBe(404);
		expect(await response.text()).toBe('Bạn chưa tham gia trò chơi này.');
	});

	it('sends the current state at once, then each change, and lets go when the phone leaves', async () => {
		const before = hubStats().subscribers;
		const controller = new AbortController();
		const response = await fetch(`${base}/choi/${game.code}/su-kien`, {
			headers: { cookie: `gs_live_${game.code}=${otherToken}` },
			signal: controller.signal
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
		expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		const reader = response.body!.getReader();
		const first = await readUntil(reader, (t) => t.includes('"state":"open"'));
		expect(first.startsWith('retry: 1000\n\n')).toBe(true);
		// Minh's own status rides along; no answer key leaves before the reveal.
		expect(first).toContain('"me":{');
		expect(first).toContain('"name":"Minh"');
		expect(first).not.toContain('"correct"');
		// The countdown's stamp is the server's clock.
		expect(first).toContain(`"serverNow":${SERVER_NOW.getTime()}`);
		expect(hubStats().subscribers).toBe(before + 1);

		await hostAct(ctxFor(database, organizer, SERVER_NOW), game.code, { action: 'close' });
		await readUntil(reader, (t) => t.includes('"state":"closed"'));

		controller.abort();
		const deadline = Date.now() + 5000;
		while (hubStats().subscribers > before && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		expect(hubStats().subscribers).toBe(before);
	});
});

describe('the node routes in the logs and metrics (they bypass the hooks)', () => {
	it("log the answer's lines under the proxy's request id and move its latency series", async () => {
		const capture = captureLogs();
		try {
			const labels = { route: '/choi/[code=code]/tra-loi', method: 'POST', status_class: '4xx' };
			const before = await sample('gs_http_request_duration_seconds_count', labels);
			const id = 'nginx-0123456789abcdef';
			const response = await fetch(`${base}/choi/${game.code}/tra-loi`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					origin: ORIGIN,
					'x-request-id': id,
					cookie: `gs_live_${game.code}=${token}`
				},
				body: 'position=0&choice=3'
			});
			expect(response.status).toBe(409);
			expect(response.headers.get('x-request-id')).toBe(id);
			expect(await sample('gs_http_request_duration_seconds_count', labels)).toBe(before + 1);
			const line = capture.lines().find((l) => l.reqId === id);
			expect(line).toMatchObject({ msg: 'request', route: labels.route, status: 409 });
			expect(capture.raw()).not.toContain(token);
		} finally {
			capture.restore();
		}
	});

	it('count a phone stream as open while it is, and not after the phone leaves', async () => {
		const before = await sample('gs_sse_open_streams');
		const controller = new AbortController();
		const response = await fetch(`${base}/choi/${game.code}/su-kien`, {
			headers: { cookie: `gs_live_${game.code}=${otherToken}` },
			signal: controller.signal
		});
		await readUntil(response.body!.getReader(), (t) => t.includes('"state"'));
		expect(await sample('gs_sse_open_streams')).toBe(before + 1);
		controller.abort();
		// The server notices the closed stream on its next write: up to 250 looks, 20 ms apart.
		for (let look = 0; look < 250 && (await sample('gs_sse_open_streams')) > before; look++)
			await new Promise((r) => setTimeout(r, 20));
		expect(await sample('gs_sse_open_streams')).toBe(before);
	});
});
