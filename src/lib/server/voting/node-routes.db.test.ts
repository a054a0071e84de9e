import * as devalue from 'devalue';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollRulesInput } from '$lib/schemas/voting';
import { generateSessionToken, insertSession, sessionIdFromToken } from '../auth';
import type { Database } from '../db/client';
import { pollBallots } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { DECLINED, serveNodeRoutes } from '../testing/node-server';
import { ctxFor, makeTree, makeUser } from '../testing/factories';
import { makePoll as makeDistrictPoll } from '../testing/polls';
import { solvedProof } from '../testing/proof';
import { votingNodeRoutes } from './node-routes';
import { issueVoteChallenge } from './service';

// The vote as `npm start` serves it (testing/node-server).
const ORIGIN = 'http://binhchon.test';
const HOUR = 3600_000;
const T0 = new Date('2026-11-25T01:00:00.000Z');
const CLOSES = new Date(T0.getTime() + 48 * HOUR);
let now = new Date(T0.getTime() + HOUR);

let database: Database;
let server: Awaited<ReturnType<typeof serveNodeRoutes>>;
let base = '';
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
	server = await serveNodeRoutes(
		votingNodeRoutes({
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

const makePoll = (rules: Partial<PollRulesInput> = {}) =>
	makeDistrictPoll(database, tree.organizer, tree.district.id, T0, { closesAt: CLOSES, ...rules });

/** A signed-in member's session token (expiring at `expiresAt`). */
async function signedIn(expiresAt = new Date(T0.getTime() + 29 * 24 * HOUR)) {
	const member = await makeUser(database, { unit: tree.grassroots });
	const token = generateSessionToken();
	await insertSession(database.db, sessionIdFromToken(token), member.id, expiresAt);
	return { member, cookie: `gs_session=${token}` };
}

interface Send {
	cookie?: string;
	origin?: string | null;
	type?: string;
	accept?: string;
}

/** What an app or the load bench sends to the JSON endpoint. */
function apiVote(pollId: number, body: string, { cookie = '', origin = ORIGIN }: Send = {}) {
	return fetch(`${base}/api/binh-chon/${pollId}/phieu`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(origin ? { origin } : {}),
			...(cookie ? { cookie } : {})
		},
		body
	});
}

/** What `use:enhance` sends for "Bình chọn" on the poll page, or in its frame. */
function formVote(
	path: string,
	fields: [string, string][],
	{ cookie = '', origin = ORIGIN, type, accept = 'application/json' }: Send = {}
) {
	return fetch(`${base}${path}?/vote`, {
		method: 'POST',
		headers: {
			'content-type': type ?? 'application/x-www-form-urlencoded',
			accept,
			'x-sveltekit-action': 'true',
			...(origin ? { origin } : {}),
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** The answer as SvelteKit's `deserialize` reads it: success and failure data are devalue-encoded. */
async function actionResult(response: Response) {
	const result = await response.json();
	return 'data' in result ? { ...result, data: devalue.parse(result.data) } : result;
}

const ballotsOf = (pollId: number) =>
	database.db.select().from(pollBallots).where(eq(pollBallots.pollId, pollId));
const one = (options: number[], i = 0) => JSON.stringify({ optionIds: [options[i]!] });
const cookieNamed = (response: Response, name: string) =>
	response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

describe('the JSON vote endpoint as a node route', () => {
	it('stores a signed-in vote once, answers 201 with its tracking code, and refuses the second', async () => {
		const poll = await makePoll();
		const { member, cookie } = await signedIn();
		const first = await apiVote(poll.id, one(poll.options, 1), { cookie });
		expect(first.status).toBe(201);
		const body = await first.json();
		expect(body.castAt).toBe(now.toISOString());
		const [ballot] = await ballotsOf(poll.id);
		expect(ballot).toMatchObject({
			trackingCode: body.trackingCode,
			userId: member.id,
			voterKey: `u:${member.id}`
		});
		expect(cookieNamed(first, 'gs_voter')).toBeUndefined();

		const second = await apiVote(poll.id, one(poll.options, 2), { cookie });
		expect(second.status).toBe(409);
		expect((await second.json()).message).toContain('Mỗi người chỉ được bình chọn một lần');
		expect(await ballotsOf(poll.id)).toHaveLength(1);
	});

	it('stores the same vote sent ten times at once exactly once', async () => {
		const poll = await makePoll();
		const { cookie } = await signedIn();
		const replies = await Promise.all(
			Array.from({ length: 10 }, () => apiVote(poll.id, one(poll.options), { cookie }))
		);
		expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
		const code = (await replies.find((r) => r.status === 201)!.json()).trackingCode;
		expect((await ballotsOf(poll.id)).map((b) => b.trackingCode)).toEqual([code]);
	});

	it('takes the last millisecond before the close and refuses the first after it', async () => {
		const poll = await makePoll();
		now = new Date(CLOSES.getTime() - 1);
		try {
			expect((await apiVote(poll.id, one(poll.options), await signedIn())).status).toBe(201);
			now = CLOSES;
			const late = await apiVote(poll.id, one(poll.options), await signedIn());
			expect(late.status).toBe(409);
			expect((await late.json()).message).toBe(
				'Cuộc bình chọn đã kết thúc, không nhận thêm phiếu.'
			);
		} finally {
			now = new Date(T0.getTime() + HOUR);
		}
		expect(await ballotsOf(poll.id)).toHaveLength(1);
	});

	it('refuses, in Vietnamese and field by field, what is not a valid ballot; nothing is stored', async () => {
		const poll = await makePoll();
		const { cookie } = await signedIn();
		const notJson = await apiVote(poll.id, '{"optionIds": [', { cookie });
		expect([notJson.status, (await notJson.json()).message]).toEqual([
			400,
			'Dữ liệu gửi lên không hợp lệ.'
		]);
		const foreign = await apiVote(poll.id, JSON.stringify({ optionIds: [999999] }), { cookie });
		expect(foreign.status).toBe(400);
		expect((await foreign.json()).errors.optionIds).toHaveLength(1);
		const anonymous = await apiVote(poll.id, one(poll.options));
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).message).toContain('chỉ dành cho tài khoản đã đăng nhập');
		const elsewhere = await apiVote(poll.id, one(poll.options), {
			cookie,
			origin: 'http://evil.test'
		});
		expect([elsewhere.status, (await elsewhere.json()).message]).toEqual([
			403,
			'Yêu cầu từ trang web khác bị từ chối.'
		]);
		const huge = await apiVote(
			poll.id,
			JSON.stringify({ optionIds: [1], pad: 'x'.repeat(17_000) }),
			{
				cookie
			}
		);
		expect(huge.status).toBe(413);
		expect(huge.headers.get('connection')).toBe('close');
		expect(await ballotsOf(poll.id)).toHaveLength(0);
	});

	it('slides a session in its second half with the same cookie the hooks set', async () => {
		const poll = await makePoll();
		const { cookie } = await signedIn(new Date(now.getTime() + 2 * 24 * HOUR));
		const reply = await apiVote(poll.id, one(poll.options), { cookie });
		expect(reply.status).toBe(201);
		const slid = cookieNamed(reply, 'gs_session')!;
		expect(slid).toContain(cookie.split('=')[1]);
		expect(slid).toMatch(/HttpOnly/i);
		expect(slid).toMatch(/SameSite=Lax/i);
		expect(new Date(/Expires=([^;]+)/.exec(slid)![1]!).getTime()).toBeGreaterThan(
			now.getTime() + 20 * 24 * HOUR
		);
	});
});

describe('the enhanced vote form as a node route', () => {
	it('answers the page and its frame as the form action does, with the stored tracking code', async () => {
		const poll = await makePoll();
		for (const path of [`/binh-chon/${poll.id}`, `/nhung/binh-chon/${poll.id}`]) {
			const { cookie } = await signedIn();
			const reply = await formVote(path, [['optionIds', String(poll.options[0])]], { cookie });
			expect(reply.status).toBe(200);
			const result = await actionResult(reply);
			expect(result).toMatchObject({ type: 'success', status: 200 });
			expect(result.data).toEqual({
				success: 'Phiếu của bạn đã được ghi nhận. Cảm ơn bạn đã tham gia bình chọn!',
				trackingCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/),
				castAt: now.toISOString(),
				nextVoteAt: null
			});
			const stored = (await ballotsOf(poll.id)).map((b) => b.trackingCode);
			expect(stored).toContain(result.data.trackingCode);
		}
		expect(await ballotsOf(poll.id)).toHaveLength(2);
	});

	it('gives an anonymous browser its voter cookie, keys its ballot by it, and limits its address', async () => {
		const poll = await makePoll({ audience: 'anyone', addressDailyLimit: 1 });
		const proof = async () =>
			solvedProof(await issueVoteChallenge(ctxFor(database, null, now), poll.id));
		const fields = async (): Promise<[string, string][]> => [
			['optionIds', String(poll.options[1])],
			['altcha', await proof()]
		];
		const first = await formVote(`/binh-chon/${poll.id}`, await fields());
		expect((await actionResult(first)).type).toBe('success');
		const issued = cookieNamed(first, 'gs_voter')!;
		const token = /^gs_voter=([A-Za-z0-9_-]{16,64});/.exec(issued)![1]!;
		expect(issued).toMatch(/HttpOnly/i);
		expect(issued).toMatch(/Max-Age=31536000/);
		const [ballot] = await ballotsOf(poll.id);
		expect(ballot).toMatchObject({ voterKey: `a:${token}`, userId: null });

		// Another browser from the same address: the poll's limit of one per address and day.
		const second = await formVote(`/binh-chon/${poll.id}`, await fields());
		const refused = await actionResult(second);
		expect(refused).toMatchObject({ type: 'failure', status: 429 });
		expect(refused.data.message).toContain('đã đạt giới hạn 1 phiếu trong ngày');
		expect(refused.data.values).toEqual({});
		expect(await ballotsOf(poll.id)).toHaveLength(1);
	});

	it('refuses a form without proof of work, or from another site or none; nothing is stored', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		const fields: [string, string][] = [['optionIds', String(poll.options[0])]];
		const unproven = await actionResult(await formVote(`/binh-chon/${poll.id}`, fields));
		expect(unproven).toMatchObject({ type: 'failure', status: 400 });
		for (const origin of ['http://evil.test', null]) {
			const refused = await actionResult(
				await formVote(`/binh-chon/${poll.id}`, fields, { origin })
			);
			expect(refused).toMatchObject({ type: 'failure', status: 403 });
			expect(refused.data.message).toBe('Yêu cầu từ trang web khác bị từ chối.');
		}
		expect(await ballotsOf(poll.id)).toHaveLength(0);
	});

	it('leaves to SvelteKit what it does not take: no JavaScript, other bodies, other methods and paths', async () => {
		const poll = await makePoll();
		const fields: [string, string][] = [['optionIds', String(poll.options[0])]];
		const path = `/binh-chon/${poll.id}`;
		const declined = [
			await formVote(path, fields, { accept: 'text/html' }),
			await formVote(path, fields, { type: 'multipart/form-data; boundary=x' }),
			await formVote(`/binh-chon/${poll.id}/ket-qua`, fields),
			await fetch(`${base}/api/binh-chon/${poll.id}/phieu`, {
				method: 'POST',
				headers: { 'content-type': 'text/plain', origin: ORIGIN },
				body: one(poll.options)
			}),
			await fetch(`${base}/api/binh-chon/${poll.id}/phieu`)
		];
		expect(declined.map((r) => r.status)).toEqual(Array(5).fill(DECLINED));
		expect(await ballotsOf(poll.id)).toHaveLength(0);
	});
});
