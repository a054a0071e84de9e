import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { PURGE_SPENT_EVERY_MS } from '../antiabuse/repo';
import type { Database } from '../db/client';
import {
	auditLog,
	campaigns,
	pollAddressCounts,
	pollBallots,
	pollOptions,
	pollVotes,
	polls,
	powUsed,
	users
} from '../db/schema';
import { DomainError } from '../errors';
import { createTestDatabase } from '../testing/database';
import {
	expectDateColumn,
	expectOfficeLayout,
	readCsv,
	readXlsx,
	sheetRows,
	vnDayTime,
	wallClock
} from '../testing/exports';
import { makePoll as makeDistrictPoll } from '../testing/polls';
import { solvedProof } from '../testing/proof';
import { failure } from '../testing/status';
import { ctxFor, makeCampaign, makeTree, makeUser } from '../testing/factories';
import type { PollRulesInput } from '$lib/schemas/voting';
import {
	addPollOption,
	castVote,
	createPoll,
	exportPoll,
	getManagedPoll,
	getPublicPoll,
	issueVoteChallenge,
	lookupTrackingCode,
	removePollOption,
	updatePollRules,
	voidVotes
} from './service';
import { vietnamDay } from './rules';
import { VERIFY_EMAIL_TO_VOTE } from './cast';
import { confirmEmail, mintAccountLink } from '../auth';
import { BallotBatcher } from './batcher';

let database: Database;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
	database = await createTestDatabase();
	tree = await makeTree(database);
});
afterAll(async () => {
	await database?.close();
});

const HOUR = 3600_000;
const T0 = new Date('2026-11-25T01:00:00Z'); // 08:00 in Vietnam
const during = new Date(T0.getTime() + 2 * HOUR);

const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE a statement failed with (drivers and Drizzle wrap it in causes). */
async function sqlStateOf(work: Promise<unknown>): Promise<string | null> {
	try {
		await work;
		return null;
	} catch (error) {
		let current = error as { code?: unknown; cause?: unknown } | undefined;
		for (let depth = 0; current && depth < 4; depth++) {
			if (typeof current.code === 'string') return current.code;
			current = current.cause as typeof current;
		}
		throw error;
	}
}

/** A poll of the district opening at T0 for three days, with `options` options. */
const makePoll = (rules: Partial<PollRulesInput> = {}, options = 3) =>
	makeDistrictPoll(
		database,
		tree.organizer,
		tree.district.id,
		T0,
		rules,
		Array.from({ length: options }, (_, i) => `Phương án ${i + 1}`)
	);

let voterCount = 0;
const voter = (address = '10.0.0.1') => ({ token: `tok-${++voterCount}`, address });

async function ballotsOf(pollId: number) {
	return database.db.select().from(pollBallots).where(eq(pollBallots.pollId, pollId));
}
async function votesOf(pollId: number) {
	return database.db.select().from(pollVotes).where(eq(pollVotes.pollId, pollId));
}

async function solved(pollId: number, now = during): Promise<string> {
	return solvedProof(await issueVoteChallenge(ctxFor(database, null, now), pollId));
}

describe('casting votes', () => {
	it('stores the same vote sent 100 times at once exactly once; the others are told they voted', async () => {
		const poll = await makePoll();
		const member = await makeUser(database, { unit: tree.grassroots });
		const ctx = ctxFor(database, member, during);
		const results = await Promise.allSettled(
			Array.from({ length: 100 }, () =>
				castVote(ctx, { id: poll.id, optionIds: [poll.options[0]!], voter: voter() })
			)
		);
		const accepted = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(accepted).toHaveLength(1);
		for (const r of refused) {
			expect((r.reason as DomainError).status).toBe(409);
			expect((r.reason as DomainError).message).toContain('Bạn đã bình chọn');
		}
		expect(await ballotsOf(poll.id)).toHaveLength(1);
		expect(await votesOf(poll.id)).toHaveLength(1);
		// Acknowledged = stored: the code handed back is the stored ballot's.
		const [ballot] = await ballotsOf(poll.id);
		expect(ballot!.trackingCode).toBe(
			(accepted[0] as PromiseFulfilledResult<{ trackingCode: string }>).value.trackingCode
		);
	});

	it('never lets one voter exceed K options, even with different choices sent at once', async () => {
		const poll = await makePoll({ maxChoices: 2 }, 5);
		const member = await makeUser(database, { unit: tree.grassroots });
		const ctx = ctxFor(database, member, during);
		const pairs = [
			[0, 1],
			[2, 3],
			[1, 4],
			[0, 3],
			[2, 4]
		];
		const results = await Promise.allSettled(
			Array.from({ length: 40 }, (_, i) =>
				castVote(ctx, {
					id: poll.id,
					optionIds: pairs[i % pairs.length]!.map((k) => poll.options[k]!),
					voter: voter()
				})
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await ballotsOf(poll.id)).toHaveLength(1);
		expect(await votesOf(poll.id)).toHaveLength(2);

		const tooMany = await failure(
			castVote(ctxFor(database, tree.member, during), {
				id: poll.id,
				optionIds: poll.options.slice(0, 3),
				voter: voter()
			})
		);
		expect(tooMany.status).toBe(400);
		expect(tooMany.fieldErrors.optionIds).toEqual(['Chỉ được chọn tối đa 2 phương án.']);
	});

	it('has the database refuse a third vote on a K=2 ballot, a foreign option, and a change of K', async () => {
		const poll = await makePoll({ maxChoices: 2 }, 3);
		const other = await makePoll({}, 1);
		await castVote(ctxFor(database, tree.member, during), {
			id: poll.id,
			optionIds: [poll.options[0]!],
			voter: voter()
		});
		const [ballot] = await ballotsOf(poll.id);
		const insert = (slot: number, optionId: number, maxChoices = 2) =>
			database.db
				.insert(pollVotes)
				.values({ ballotId: ballot!.id, pollId: poll.id, maxChoices, slot, optionId });
		await insert(2, poll.options[1]!); // the second of two is fine
		await expect(insert(3, poll.options[2]!)).rejects.toThrow(); // slot beyond K
		await expect(insert(3, poll.options[2]!, 3)).rejects.toThrow(); // lying about K
		await expect(insert(1, poll.options[2]!)).rejects.toThrow(); // slot reused
		await expect(
			database.db.insert(pollVotes).values({
				ballotId: ballot!.id,
				pollId: other.id,
				maxChoices: 2,
				slot: 2,
				optionId: other.options[0]!
			})
		).rejects.toThrow(); // another poll's option
		await expect(
			database.db.update(polls).set({ maxChoices: 5 }).where(eq(polls.id, poll.id))
		).rejects.toThrow(); // K is frozen by the ballots that reference it
		expect(await votesOf(poll.id)).toHaveLength(2);
	});

	it('allows one ballot per Vietnamese day on daily polls and tells when to come back', async () => {
		const poll = await makePoll({ dailyVoting: true });
		const member = await makeUser(database, { unit: tree.grassroots });
		// 23:30 and 23:50 in Vietnam are the same day; 00:10 the next.
		const late = new Date('2026-11-25T16:30:00Z');
		await castVote(ctxFor(database, member, late), {
			id: poll.id,
			optionIds: [poll.options[0]!],
			voter: voter()
		});
		const again = await failure(
			castVote(ctxFor(database, member, new Date('2026-11-25T16:50:00Z')), {
				id: poll.id,
				optionIds: [poll.options[1]!],
				voter: voter()
			})
		);
		expect(again.status).toBe(409);
		expect(again.message).toBe(
			'Bạn đã bình chọn hôm nay. Bạn có thể bình chọn lại từ lúc 00:00 ngày 26/11/2026.'
		);
		const next = await castVote(ctxFor(database, member, new Date('2026-11-25T17:10:00Z')), {
			id: poll.id,
			optionIds: [poll.options[1]!],
			voter: voter()
		});
		expect(next.trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await ballotsOf(poll.id)).toHaveLength(2);
		// The database refuses a daily ballot without a day, and a one-off ballot with one.
		await expect(
			database.db
				.execute(sql`insert into poll_ballots (poll_id, max_choices, daily_voting, voter_key, period, tracking_code, cast_at)
				values (${poll.id}, 1, true, 'x', 'all', 'ZZZZ-ZZZZ', now())`)
		).rejects.toThrow();
	});

	it('refuses votes before opening and after closing by server time, recording nothing', async () => {
		const poll = await makePoll();
		const early = await failure(
			castVote(ctxFor(database, tree.member, new Date(T0.getTime() - 1000)), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			})
		);
		expect(early.status).toBe(409);
		expect(early.message).toBe(
			'Cuộc bình chọn chưa mở. Mời bạn quay lại từ lúc 08:00 ngày 25/11/2026.'
		);
		const late = await failure(
			castVote(ctxFor(database, tree.member, new Date(T0.getTime() + 72 * HOUR)), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			})
		);
		expect(late.message).toBe('Cuộc bình chọn đã kết thúc, không nhận thêm phiếu.');
		expect(await ballotsOf(poll.id)).toHaveLength(0);
	});

	it('refuses anonymous voters on account-only polls and unknown options', async () => {
		const poll = await makePoll();
		const anon = await failure(
			castVote(ctxFor(database, null, during), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			})
		);
		expect(anon.status).toBe(401);
		const other = await makePoll({}, 1);
		const foreign = await failure(
			castVote(ctxFor(database, tree.member, during), {
				id: poll.id,
				optionIds: [other.options[0]!],
				voter: voter()
			})
		);
		expect(foreign.fieldErrors.optionIds).toEqual([
			'Phương án đã chọn không thuộc cuộc bình chọn này.'
		]);
		expect(await ballotsOf(poll.id)).toHaveLength(0);
	});
});

describe('group commit of signed-in ballots', () => {
	it('stores every voter of a burst once; a repeated vote in the same batch fails no other', async () => {
		const poll = await makePoll({ maxChoices: 2 });
		const members = await Promise.all(
			Array.from({ length: 30 }, () => makeUser(database, { unit: tree.grassroots }))
		);
		// Each member sends twice at once, with different choices: 60 requests, 30 batched rivals.
		const results = await Promise.allSettled(
			members.flatMap((m, i) => [
				castVote(ctxFor(database, m, during), {
					id: poll.id,
					optionIds: [poll.options[i % 3]!],
					voter: voter()
				}),
				castVote(ctxFor(database, m, during), {
					id: poll.id,
					optionIds: [poll.options[0]!, poll.options[1]!],
					voter: voter()
				})
			])
		);
		const accepted = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		expect(accepted).toHaveLength(30);
		for (const r of results.filter((r) => r.status === 'rejected'))
			expect(((r as PromiseRejectedResult).reason as DomainError).status).toBe(409);
		const ballots = await ballotsOf(poll.id);
		expect(new Set(ballots.map((b) => b.userId))).toEqual(new Set(members.map((m) => m.id)));
		expect(ballots.map((b) => b.trackingCode).sort()).toEqual(
			accepted.map((a) => a.trackingCode).sort()
		);
		// Each stored ballot carries exactly the votes of the request that won.
		const votes = await votesOf(poll.id);
		for (const ballot of ballots) {
			const mine = votes.filter((v) => v.ballotId === ballot.id);
			expect(mine.length === 1 || mine.length === 2).toBe(true);
		}
	});

	it('stores each voter once when two processes batch the same voters in opposite orders', async () => {
		const poll = await makePoll();
		const members = await Promise.all(
			Array.from({ length: 20 }, () => makeUser(database, { unit: tree.grassroots }))
		);
		// Two batchers stand for two app processes sharing the database.
		const [a, b] = [new BallotBatcher(database.db), new BallotBatcher(database.db)];
		const ballot = (userId: number, side: string, i: number) => ({
			pollId: poll.id,
			maxChoices: 1,
			dailyVoting: false,
			voterKey: `u:${userId}`,
			period: 'all',
			trackingCode: `${side}${String(i).padStart(3, '2')}-${side}${side}${side}${side}`,
			userId,
			addressHash: null,
			castAt: during,
			optionIds: [poll.options[0]!]
		});
		const outcomes = await Promise.all([
			...members.map((m, i) => a.submit(ballot(m.id, 'M', i))),
			...[...members].reverse().map((m, i) => b.submit(ballot(m.id, 'N', i)))
		]);
		expect(outcomes.filter(Boolean)).toHaveLength(20);
		const stored = await ballotsOf(poll.id);
		expect(stored.map((s) => s.userId).sort()).toEqual(members.map((m) => m.id).sort());
	});

	it('acknowledges a ballot only once it is committed, and retries a failed batch one by one', async () => {
		const poll = await makePoll();
		const members = await Promise.all(
			Array.from({ length: 5 }, () => makeUser(database, { unit: tree.grassroots }))
		);
		await castVote(ctxFor(database, members[0]!, during), {
			id: poll.id,
			optionIds: [poll.options[0]!],
			voter: voter()
		});
		const [first] = await ballotsOf(poll.id);
		const batcher = new BallotBatcher(database.db);
		const ballot = (userId: number, trackingCode: string) => ({
			pollId: poll.id,
			maxChoices: 1,
			dailyVoting: false,
			voterKey: `u:${userId}`,
			period: 'all',
			trackingCode,
			userId,
			addressHash: null,
			castAt: during,
			optionIds: [poll.options[1]!]
		});
		// One ballot reuses a stored tracking code: the batch statement fails as a whole, the
		// others are then stored alone and only the colliding one is refused.
		const outcomes = await Promise.allSettled([
			batcher.submit(ballot(members[1]!.id, 'AAAA-AAA2')),
			batcher.submit(ballot(members[2]!.id, first!.trackingCode)),
			batcher.submit(ballot(members[3]!.id, 'AAAA-AAA3')),
			batcher.submit(ballot(members[0]!.id, 'AAAA-AAA4'))
		]);
		expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'error'))).toEqual([
			true,
			'error',
			true,
			false
		]);
		const stored = await ballotsOf(poll.id);
		expect(stored.map((b) => b.trackingCode).sort()).toEqual(
			[first!.trackingCode, 'AAAA-AAA2', 'AAAA-AAA3'].sort()
		);
		// An acknowledged ballot is already committed: a fresh read from the pool finds it.
		const acknowledged = await batcher.submit(ballot(members[4]!.id, 'AAAA-AAA5'));
		expect(acknowledged).toBe(true);
		const [row] = await database.db
			.select({ n: sql<number>`count(*)::int` })
			.from(pollBallots)
			.where(eq(pollBallots.trackingCode, 'AAAA-AAA5'));
		expect(Number(row!.n)).toBe(1);
	});
});

describe('anonymous voting: proof of work and address limits', () => {
	it('accepts a solved challenge once; forged, replayed and expired ones are refused', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		const anon = ctxFor(database, null, during);
		const payload = await solved(poll.id);
		const ok = await castVote(anon, {
			id: poll.id,
			optionIds: [poll.options[0]!],
			altcha: payload,
			voter: voter()
		});
		expect(ok.trackingCode).toBeTruthy();

		const replay = await failure(
			castVote(anon, {
				id: poll.id,
				optionIds: [poll.options[0]!],
				altcha: payload,
				voter: voter()
			})
		);
		expect(replay.status).toBe(400);
		expect(replay.message).toBe('Mã xác minh này đã được dùng. Vui lòng thử lại.');

		const decoded = JSON.parse(Buffer.from(await solved(poll.id), 'base64').toString());
		const forged = Buffer.from(JSON.stringify({ ...decoded, number: decoded.number + 1 })).toString(
			'base64'
		);
		expect(
			(
				await failure(
					castVote(anon, {
						id: poll.id,
						optionIds: [poll.options[0]!],
						altcha: forged,
						voter: voter()
					})
				)
			).status
		).toBe(400);
		const resigned = Buffer.from(
			JSON.stringify({ ...decoded, signature: 'a'.repeat(64) })
		).toString('base64');
		expect(
			(
				await failure(
					castVote(anon, {
						id: poll.id,
						optionIds: [poll.options[0]!],
						altcha: resigned,
						voter: voter()
					})
				)
			).status
		).toBe(400);
		expect(
			(
				await failure(
					castVote(anon, {
						id: poll.id,
						optionIds: [poll.options[0]!],
						altcha: 'bm90IGpzb24=',
						voter: voter()
					})
				)
			).status
		).toBe(400);
		expect(
			(
				await failure(
					castVote(anon, { id: poll.id, optionIds: [poll.options[0]!], voter: voter() })
				)
			).message
		).toMatch(/bật JavaScript/);

		const old = await solved(poll.id, during);
		const expired = await failure(
			castVote(ctxFor(database, null, new Date(during.getTime() + 11 * 60_000)), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				altcha: old,
				voter: voter()
			})
		);
		expect(expired.status).toBe(400);
		expect(await ballotsOf(poll.id)).toHaveLength(1);
	});

	it('lets the same solution through only once when replayed concurrently', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		const payload = await solved(poll.id);
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, () =>
				castVote(ctxFor(database, null, during), {
					id: poll.id,
					optionIds: [poll.options[0]!],
					altcha: payload,
					voter: voter()
				})
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await ballotsOf(poll.id)).toHaveLength(1);
	});

	it('stops an address at its daily limit with a clear message, recording nothing more', async () => {
		const poll = await makePoll({ audience: 'anyone', addressDailyLimit: 3 });
		const payloads = await Promise.all(Array.from({ length: 8 }, () => solved(poll.id)));
		const results = await Promise.allSettled(
			payloads.map((altcha) =>
				castVote(ctxFor(database, null, during), {
					id: poll.id,
					optionIds: [poll.options[1]!],
					altcha,
					voter: voter('203.0.113.9')
				})
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const refused = results
			.filter((r) => r.status === 'rejected')
			.map((r) => (r as PromiseRejectedResult).reason as DomainError);
		expect(refused).toHaveLength(5);
		for (const e of refused) {
			expect(e.status).toBe(429);
			expect(e.message).toContain('đã đạt giới hạn 3 phiếu trong ngày');
		}
		expect(await ballotsOf(poll.id)).toHaveLength(3);
		const [counter] = await database.db
			.select()
			.from(pollAddressCounts)
			.where(eq(pollAddressCounts.pollId, poll.id));
		expect(counter!.ballots).toBe(3);
		// The accepted solutions are spent, the refused ones given back; another address still votes.
		const signatureOf = (p: string) =>
			JSON.parse(Buffer.from(p, 'base64').toString()).signature as string;
		const spent = new Set(
			(
				await database.db
					.select({ signature: powUsed.signature })
					.from(powUsed)
					.where(inArray(powUsed.signature, payloads.map(signatureOf)))
			).map((s) => s.signature)
		);
		expect(payloads.map((p) => spent.has(signatureOf(p)))).toEqual(
			results.map((r) => r.status === 'fulfilled')
		);
		await castVote(ctxFor(database, null, during), {
			id: poll.id,
			optionIds: [poll.options[1]!],
			altcha: await solved(poll.id),
			voter: voter('198.51.100.7')
		});
		expect(await ballotsOf(poll.id)).toHaveLength(4);
	});
});

describe('group commit of anonymous ballots', () => {
	it('stores a burst of voters behind one address when the poll has no address limit', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		const payloads = await Promise.all(Array.from({ length: 6 }, () => solved(poll.id)));
		// Six browsers of one school behind one NAT, all at once.
		const results = await Promise.allSettled(
			payloads.map((altcha) =>
				castVote(ctxFor(database, null, during), {
					id: poll.id,
					optionIds: [poll.options[2]!],
					altcha,
					voter: voter('203.0.113.200')
				})
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
		expect(await ballotsOf(poll.id)).toHaveLength(6);
		expect(
			await database.db
				.select()
				.from(pollAddressCounts)
				.where(eq(pollAddressCounts.pollId, poll.id))
		).toEqual([]);
	});

	it('gives back the challenge and the address charge of a browser that already voted', async () => {
		const poll = await makePoll({ audience: 'anyone', addressDailyLimit: 5 });
		const payloads = await Promise.all(Array.from({ length: 4 }, () => solved(poll.id)));
		const browser = { token: `tok-same-${++voterCount}`, address: '203.0.113.77' };
		// One browser sends four votes at once, each with a solution of its own.
		const results = await Promise.allSettled(
			payloads.map((altcha) =>
				castVote(ctxFor(database, null, during), {
					id: poll.id,
					optionIds: [poll.options[0]!],
					altcha,
					voter: browser
				})
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected'))
			expect(((r as PromiseRejectedResult).reason as DomainError).status).toBe(409);
		expect(await ballotsOf(poll.id)).toHaveLength(1);
		const [counter] = await database.db
			.select()
			.from(pollAddressCounts)
			.where(eq(pollAddressCounts.pollId, poll.id));
		expect(counter!.ballots).toBe(1);
		const signatures = payloads.map(
			(p) => JSON.parse(Buffer.from(p, 'base64').toString()).signature as string
		);
		const spent = await database.db.select().from(powUsed);
		expect(spent.filter((s) => signatures.includes(s.signature))).toHaveLength(1);
	});
});

describe('spent challenges', () => {
	it('are purged once expired, when challenges are issued, at most once per interval', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		// A clock far past every other test's, so this process's last purge is long ago.
		const t = new Date('2030-01-01T00:00:00Z').getTime();
		const at = (ms: number) => new Date(t + ms);
		const rows = {
			expired: { signature: 'purge-expired', expiresAt: at(-60_000) },
			now: { signature: 'purge-expires-now', expiresAt: at(0) },
			live: { signature: 'purge-live', expiresAt: at(5 * 60_000) },
			later: { signature: 'purge-later', expiresAt: at(PURGE_SPENT_EVERY_MS + 60_000) }
		};
		await database.db.insert(powUsed).values(Object.values(rows));
		const left = async () =>
			(
				await database.db
					.select({ signature: powUsed.signature })
					.from(powUsed)
					.where(like(powUsed.signature, 'purge-%'))
			)
				.map((r) => r.signature)
				.sort();

		await issueVoteChallenge(ctxFor(database, null, at(0)), poll.id);
		expect(await left()).toEqual(['purge-later', 'purge-live']);

		// Within the interval nothing more is deleted, even what has expired since.
		await issueVoteChallenge(ctxFor(database, null, at(6 * 60_000)), poll.id);
		expect(await left()).toEqual(['purge-later', 'purge-live']);

		// Once it has passed, the next challenge purges again, keeping what is still live.
		await issueVoteChallenge(ctxFor(database, null, at(PURGE_SPENT_EVERY_MS)), poll.id);
		expect(await left()).toEqual(['purge-later']);
	});
});

describe('results, tracking codes and voiding', () => {
	it('hides the tally from the public until the rule allows, and never shows choices by code', async () => {
		const poll = await makePoll({ resultsVisibility: 'after_close' });
		const cast = await castVote(ctxFor(database, tree.member, during), {
			id: poll.id,
			optionIds: [poll.options[2]!],
			voter: voter()
		});
		const publicView = await getPublicPoll(ctxFor(database, null, during), poll.id, voter());
		expect(publicView.results).toBeNull();
		expect(JSON.stringify(publicView)).not.toMatch(/"votes"|"counted"|"percent"/);
		const memberView = await getPublicPoll(ctxFor(database, tree.member, during), poll.id, voter());
		expect(memberView.results).toBeNull();
		expect(memberView.myBallot?.trackingCode).toBe(cast.trackingCode);
		const organizerView = await getPublicPoll(
			ctxFor(database, tree.organizer, during),
			poll.id,
			voter()
		);
		expect(organizerView.results?.counted).toBe(1);
		const after = await getPublicPoll(
			ctxFor(database, null, new Date(T0.getTime() + 73 * HOUR)),
			poll.id,
			voter()
		);
		expect(after.results?.rows[0]).toMatchObject({
			optionId: poll.options[2],
			votes: 1,
			percent: 100
		});

		const hidden = await makePoll({ resultsVisibility: 'organizers' });
		const afterHidden = await getPublicPoll(
			ctxFor(database, tree.member, new Date(T0.getTime() + 100 * HOUR)),
			hidden.id,
			voter()
		);
		expect(afterHidden.results).toBeNull();

		const status = await lookupTrackingCode(
			ctxFor(database, null, during),
			poll.id,
			cast.trackingCode.toLowerCase().replace('-', ' ')
		);
		expect(status).toEqual({ status: 'counted', castAt: during });
		expect(
			(
				await failure(
					lookupTrackingCode(ctxFor(database, null, during), hidden.id, cast.trackingCode)
				)
			).status
		).toBe(404);
	});

	it('lets the organizer void a ballot with a reason: audited, excluded, shown to the voter', async () => {
		const poll = await makePoll();
		const voters = await Promise.all(
			[1, 2, 3].map(() => makeUser(database, { unit: tree.grassroots }))
		);
		const codes = [];
		for (const [i, v] of voters.entries())
			codes.push(
				(
					await castVote(ctxFor(database, v, during), {
						id: poll.id,
						optionIds: [poll.options[i === 0 ? 0 : 1]!],
						voter: voter()
					})
				).trackingCode
			);
		const ctx = ctxFor(database, tree.organizer, during);
		expect((await getManagedPoll(ctx, poll.id)).results.rows[0]).toMatchObject({
			optionId: poll.options[1],
			votes: 2
		});

		const sibling = await failure(
			voidVotes(ctxFor(database, tree.siblingOrganizer, during), {
				id: poll.id,
				trackingCode: codes[1]!,
				reason: 'Gian lận'
			})
		);
		expect(sibling.status).toBe(404);
		expect(
			(
				await failure(
					voidVotes(ctxFor(database, tree.member, during), {
						id: poll.id,
						trackingCode: codes[1]!,
						reason: 'x'
					})
				)
			).status
		).toBe(404);

		expect(
			await voidVotes(ctx, { id: poll.id, trackingCode: codes[1]!, reason: 'Bỏ phiếu hộ' })
		).toBe(1);
		expect(
			await voidVotes(ctx, { id: poll.id, trackingCode: codes[2]!, reason: 'Tài khoản ảo' })
		).toBe(1);
		const managed = await getManagedPoll(ctx, poll.id);
		expect(managed.results.counted).toBe(1);
		expect(managed.results.voided).toBe(2);
		expect(managed.results.rows[0]).toMatchObject({
			optionId: poll.options[0],
			votes: 1,
			percent: 100
		});
		const status = await lookupTrackingCode(ctxFor(database, null, during), poll.id, codes[1]!);
		expect(status).toMatchObject({ status: 'voided', reason: 'Bỏ phiếu hộ' });
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'vote.void'), eq(auditLog.entityId, String(poll.id))));
		expect(audits).toHaveLength(2);
		expect(
			(await failure(voidVotes(ctx, { id: poll.id, trackingCode: codes[1]!, reason: 'lần nữa' })))
				.status
		).toBe(404);

		const [log] = (await exportPoll(ctx, poll.id, 'log')).sheets;
		// The log's columns: no account, name, address or voter key among them.
		expect(log!.columns.map((c) => c.header)).toEqual([
			'Mã phiếu',
			'Thời điểm',
			'Lượt',
			'Phương án đã chọn',
			'Trạng thái',
			'Lý do huỷ'
		]);
		const text = JSON.stringify(log!.rows);
		const stored = await ballotsOf(poll.id);
		for (const v of voters) {
			expect(text).not.toContain(v.email);
			expect(text).not.toContain(v.fullName);
			expect(text).not.toContain(`u:${v.id}`);
		}
		for (const b of stored) if (b.addressHash) expect(text).not.toContain(b.addressHash);
		expect(log!.rows.filter((r) => r[4] === 'Đã huỷ')).toHaveLength(2);
		const tallyExport = await exportPoll(ctx, poll.id, 'tally');
		// One counted ballot, all for option 1: a share of 1, shown 100%.
		expect(tallyExport.sheets[0]!.rows[0]).toEqual([1, 'Phương án 1', 1, 1]);
	});

	it('shows bursts from one address and ballots from accounts made just before voting', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		const payloads = await Promise.all(Array.from({ length: 12 }, () => solved(poll.id)));
		for (const altcha of payloads)
			await castVote(ctxFor(database, null, during), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				altcha,
				voter: voter('192.0.2.50')
			});
		// The account was created a minute before it votes, by the test clock.
		const freshAt = new Date(during.getTime() + HOUR);
		const fresh = await makeUser(database, {
			unit: tree.grassroots,
			createdAt: new Date(freshAt.getTime() - 60_000)
		});
		await castVote(ctxFor(database, fresh, freshAt), {
			id: poll.id,
			optionIds: [poll.options[1]!],
			voter: voter()
		});
		// An account made a month before it votes is not part of the pattern.
		const settled = await makeUser(database, { unit: tree.grassroots });
		await database.db
			.update(users)
			.set({ createdAt: new Date(freshAt.getTime() - 30 * 24 * HOUR) })
			.where(eq(users.id, settled.id));
		await castVote(ctxFor(database, settled, freshAt), {
			id: poll.id,
			optionIds: [poll.options[1]!],
			voter: voter()
		});
		const ctx = ctxFor(database, tree.organizer, during);
		const managed = await getManagedPoll(ctx, poll.id);
		expect(managed.suspicious.bursts[0]).toMatchObject({ ballots: 12, total: 12 });
		expect(managed.suspicious.freshAccounts).toEqual([{ day: vietnamDay(freshAt), ballots: 1 }]);
		const n = await voidVotes(ctx, {
			id: poll.id,
			addressHash: managed.suspicious.bursts[0]!.addressHash,
			reason: 'Bỏ phiếu hàng loạt từ một địa chỉ'
		});
		expect(n).toBe(12);
		expect((await getManagedPoll(ctx, poll.id)).suspicious.bursts).toHaveLength(0);
	});
});

describe('minimum account age', () => {
	it('refuses an account younger than the poll asks, in Vietnamese with when it may vote; an older one votes', async () => {
		const poll = await makePoll({ minAccountAgeHours: 24 });
		const young = await makeUser(database, {
			unit: tree.grassroots,
			createdAt: new Date(during.getTime() - 23 * HOUR)
		});
		const refused = await failure(
			castVote(ctxFor(database, young, during), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			})
		);
		expect(refused.status).toBe(403);
		expect(refused.message).toBe(
			'Cuộc bình chọn này chỉ nhận phiếu của tài khoản tạo trước ít nhất 24 giờ. Tài khoản của bạn có thể bình chọn từ lúc 11:00 ngày 25/11/2026.'
		);
		expect(await ballotsOf(poll.id)).toHaveLength(0);

		// The same account, once old enough by the server's clock, votes.
		const anHourLater = new Date(during.getTime() + HOUR);
		await castVote(ctxFor(database, young, anHourLater), {
			id: poll.id,
			optionIds: [poll.options[0]!],
			voter: voter()
		});
		const older = await makeUser(database, {
			unit: tree.grassroots,
			createdAt: new Date(during.getTime() - 25 * HOUR)
		});
		const accepted = await castVote(ctxFor(database, older, during), {
			id: poll.id,
			optionIds: [poll.options[1]!],
			voter: voter()
		});
		expect(accepted.trackingCode).toBeTruthy();
		expect(await ballotsOf(poll.id)).toHaveLength(2);
		// A poll without a minimum takes the youngest account.
		const open = await makePoll();
		const newborn = await makeUser(database, { unit: tree.grassroots, createdAt: during });
		await castVote(ctxFor(database, newborn, during), {
			id: open.id,
			optionIds: [open.options[0]!],
			voter: voter()
		});
	});

	it('is a rule of accounts-only polls: the database refuses it on a poll open to anyone', async () => {
		const poll = await makePoll({ audience: 'anyone' });
		expect(
			await sqlStateOf(
				database.db.update(polls).set({ minAccountAgeHours: 24 }).where(eq(polls.id, poll.id))
			)
		).toBe('23514');
		const view = await getPublicPoll(
			ctxFor(database, null, during),
			(await makePoll({ minAccountAgeHours: 48 })).id,
			voter()
		);
		expect(view.poll.minAccountAgeHours).toBe(48);
	});
});

describe('verified e-mail', () => {
	it('refuses an account whose address is unproven, saying how to prove it; once verified through its link it votes', async () => {
		const poll = await makePoll({ requireVerifiedEmail: true });
		const person = await makeUser(database, { unit: tree.grassroots });
		const vote = () =>
			castVote(ctxFor(database, person, during), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			});
		const refused = await failure(vote());
		expect(refused.status).toBe(403);
		expect(refused.message).toBe(VERIFY_EMAIL_TO_VOTE);
		expect(refused.message).toContain('/tai-khoan');
		expect(await ballotsOf(poll.id)).toHaveLength(0);
		const before = await getPublicPoll(ctxFor(database, person, during), poll.id, voter());
		expect(before.poll.requireVerifiedEmail).toBe(true);
		expect(before.mustVerifyEmail).toBe(true);

		// The person opens the link of a verification message and presses its button.
		const link = await mintAccountLink(
			database.db,
			{ userId: person.id, purpose: 'verify', address: person.email },
			during
		);
		await confirmEmail(ctxFor(database, null, during), { token: link.split('/').pop()! });
		expect(
			(await getPublicPoll(ctxFor(database, person, during), poll.id, voter())).mustVerifyEmail
		).toBe(false);
		expect((await vote()).trackingCode).toBeTruthy();
		expect(await ballotsOf(poll.id)).toHaveLength(1);

		// A poll that does not ask takes an unverified account.
		const open = await makePoll();
		const unverified = await makeUser(database, { unit: tree.grassroots });
		await castVote(ctxFor(database, unverified, during), {
			id: open.id,
			optionIds: [open.options[0]!],
			voter: voter()
		});
		expect(await ballotsOf(open.id)).toHaveLength(1);
	});

	it('keeps the rule in the poll: the organizer sets it, sees it, and cannot set it on a poll open to anyone', async () => {
		const poll = await makePoll({ requireVerifiedEmail: true });
		const [row] = await database.db.select().from(polls).where(eq(polls.id, poll.id));
		expect(row!.requireVerifiedEmail).toBe(true);
		const refused = await failure(makePoll({ audience: 'anyone', requireVerifiedEmail: true }));
		expect(refused.status).toBe(400);
		expect(refused.fieldErrors.requireVerifiedEmail).toEqual([
			'Yêu cầu email đã xác nhận chỉ áp dụng cho cuộc bình chọn dành cho tài khoản đã đăng nhập.'
		]);
	});
});

describe('poll administration', () => {
	it('links a poll to a real campaign and an option to a real nomination, and keeps them', async () => {
		const poll = await makePoll();
		const campaign = await makeCampaign(database, tree.admin, tree.province, { now: T0 });
		expect(
			await sqlStateOf(
				database.db.update(polls).set({ campaignId: 2_000_000_000 }).where(eq(polls.id, poll.id))
			)
		).toBe(FOREIGN_KEY_VIOLATION);
		expect(
			await sqlStateOf(
				database.db
					.update(pollOptions)
					.set({ nominationId: 2_000_000_000 })
					.where(eq(pollOptions.id, poll.options[0]!))
			)
		).toBe(FOREIGN_KEY_VIOLATION);
		await database.db.update(polls).set({ campaignId: campaign.id }).where(eq(polls.id, poll.id));
		// A campaign that a poll stands on cannot be deleted from under it (PostgreSQL 17 reports
		// ON DELETE RESTRICT as restrict_violation, 15 as foreign_key_violation).
		expect([FOREIGN_KEY_VIOLATION, '23001']).toContain(
			await sqlStateOf(database.db.delete(campaigns).where(eq(campaigns.id, campaign.id)))
		);
		const [row] = await database.db.select().from(polls).where(eq(polls.id, poll.id));
		expect(row!.campaignId).toBe(campaign.id);
	});

	it('freezes options and rules once the poll opens', async () => {
		const poll = await makePoll();
		const ctx = ctxFor(database, tree.organizer, during);
		expect(
			(await failure(addPollOption(ctx, { id: poll.id, title: 'Muộn', summary: '' }))).message
		).toBe('Cuộc bình chọn đã mở: phương án và thể lệ không thể thay đổi nữa.');
		expect(
			(await failure(removePollOption(ctx, { id: poll.id, optionId: poll.options[0]! }))).status
		).toBe(409);
		const rules: PollRulesInput = {
			title: 'Đổi',
			description: '',
			unitId: tree.district.id,
			opensAt: T0,
			closesAt: new Date(T0.getTime() + HOUR),
			maxChoices: 3,
			dailyVoting: true,
			audience: 'anyone',
			resultsVisibility: 'live',
			addressDailyLimit: null
		};
		expect((await failure(updatePollRules(ctx, { id: poll.id, ...rules }))).status).toBe(409);
		// Before opening the organizer may still edit.
		const before = ctxFor(database, tree.organizer, new Date(T0.getTime() - HOUR));
		await updatePollRules(before, { id: poll.id, ...rules, opensAt: T0 });
		await removePollOption(before, { id: poll.id, optionId: poll.options[0]! });
	});

	it('keeps polls inside the organizer subtree: others get 404 or 403, nothing written', async () => {
		const poll = await makePoll();
		const at = new Date(T0.getTime() - HOUR);
		expect(
			(await failure(getManagedPoll(ctxFor(database, tree.siblingOrganizer, at), poll.id))).status
		).toBe(404);
		expect(
			(
				await failure(
					addPollOption(ctxFor(database, tree.member, at), { id: poll.id, title: 'X', summary: '' })
				)
			).status
		).toBe(404);
		expect((await failure(getManagedPoll(ctxFor(database, null, at), poll.id))).status).toBe(401);
		const input: PollRulesInput = {
			title: 'Ngoài phạm vi',
			description: '',
			unitId: tree.sibling.id,
			opensAt: T0,
			closesAt: new Date(T0.getTime() + HOUR),
			maxChoices: 1,
			dailyVoting: false,
			audience: 'accounts',
			resultsVisibility: 'live',
			addressDailyLimit: null
		};
		expect((await failure(createPoll(ctxFor(database, tree.organizer, at), input))).status).toBe(
			403
		);
		expect(
			(
				await failure(
					createPoll(ctxFor(database, tree.member, at), { ...input, unitId: tree.grassroots.id })
				)
			).status
		).toBe(403);
	});
});

describe('exports read back against the stored votes', () => {
	it("lists each ballot's own options in the vote log, never another ballot's or poll's", async () => {
		const poll = await makePoll({ maxChoices: 2 }, 3);
		const other = await makePoll({}, 2);
		const ctx = ctxFor(database, tree.organizer, during);
		// The other poll's options carry titles of their own, so a leak would show.
		const otherCtx = ctxFor(database, tree.organizer, new Date(T0.getTime() - HOUR));
		const foreign = await addPollOption(otherCtx, {
			id: other.id,
			title: 'Phương án lạ',
			summary: ''
		});
		const choices = [
			[poll.options[0]!],
			[poll.options[1]!, poll.options[2]!],
			[poll.options[2]!, poll.options[0]!],
			[poll.options[1]!]
		];
		for (const optionIds of choices) {
			const member = await makeUser(database, { unit: tree.grassroots });
			await castVote(ctxFor(database, member, during), { id: poll.id, optionIds, voter: voter() });
			await castVote(ctxFor(database, member, during), {
				id: other.id,
				optionIds: [foreign.id],
				voter: voter()
			});
		}
		const stored = await database.db
			.select({
				code: pollBallots.trackingCode,
				slot: pollVotes.slot,
				title: pollOptions.title
			})
			.from(pollBallots)
			.innerJoin(pollVotes, eq(pollVotes.ballotId, pollBallots.id))
			.innerJoin(pollOptions, eq(pollOptions.id, pollVotes.optionId))
			.where(eq(pollBallots.pollId, poll.id));
		const expected = new Map<string, string[]>();
		for (const row of stored.sort((a, b) => a.slot - b.slot))
			expected.set(row.code, [...(expected.get(row.code) ?? []), row.title]);

		const book = await exportPoll(ctx, poll.id, 'log');
		const log = book.sheets[0]!;
		expect(log.rows).toHaveLength(choices.length);
		for (const row of log.rows) {
			const chosen = expected.get(String(row[0]));
			expect(chosen, `ballot ${row[0]} is stored`).toBeDefined();
			expect(row[3]).toBe(chosen!.join('; '));
		}
		expect(JSON.stringify(log.rows)).not.toContain('Phương án lạ');

		// The files say the same: in Excel, and in both CSVs.
		const castAt = new Map(
			(await ballotsOf(poll.id)).map((b) => [b.trackingCode, b.castAt] as const)
		);
		const sheet = (await readXlsx(book)).worksheets[0]!;
		expect(sheet.name).toBe('Nhật ký phiếu');
		expectOfficeLayout(sheet);
		expectDateColumn(sheet, 2, 'datetime');
		const [header, ...body] = sheetRows(sheet);
		expect(header).toEqual(log.columns.map((c) => c.header));
		expect(body).toHaveLength(choices.length);
		for (const row of body) {
			const code = String(row[0]);
			expect(row[1]).toEqual(wallClock(castAt.get(code)!));
			expect(row[2]).toBe('Cả cuộc');
			expect(row[3]).toBe(expected.get(code)!.join('; '));
			expect(row[4]).toBe('Hợp lệ');
		}
		for (const delimiter of [',', ';'] as const) {
			const [csvHeader, ...csvBody] = readCsv(book, delimiter);
			expect(csvHeader).toEqual(header);
			expect(csvBody.map((r) => [r[0], r[1], r[3]])).toEqual(
				body.map((r) => [r[0], vnDayTime(castAt.get(String(r[0]))!), r[3]])
			);
		}
	});

	it('writes a formula-like option title as inert text in every file; shares are percent cells', async () => {
		const poll = await makePoll({}, 2);
		const titled = '=HYPERLINK("http://x","y")';
		const ctxBefore = ctxFor(database, tree.organizer, new Date(T0.getTime() - HOUR));
		const trap = await addPollOption(ctxBefore, { id: poll.id, title: titled, summary: '' });
		const negative = await addPollOption(ctxBefore, { id: poll.id, title: '-1+1', summary: '' });
		for (const option of [trap.id, trap.id, poll.options[0]!, negative.id]) {
			const member = await makeUser(database, { unit: tree.grassroots });
			await castVote(ctxFor(database, member, during), {
				id: poll.id,
				optionIds: [option],
				voter: voter()
			});
		}
		const ctx = ctxFor(database, tree.organizer, during);
		const { results } = await getManagedPoll(ctx, poll.id);
		const tally = await exportPoll(ctx, poll.id, 'tally');

		const sheet = (await readXlsx(tally)).worksheets[0]!;
		expectOfficeLayout(sheet);
		const [header, ...body] = sheetRows(sheet);
		expect(header).toEqual(['Hạng', 'Phương án', 'Số phiếu', 'Tỷ lệ']);
		expect(body).toEqual(
			results.rows.map((r) => [r.rank, r.title, r.votes, r.votes / results.counted])
		);
		expect(body[0]).toEqual([1, titled, 2, 0.5]);
		for (let r = 2; r <= sheet.rowCount; r++) {
			const cell = sheet.getRow(r).getCell(2);
			expect(cell.type).toBe(ExcelJS.ValueType.String);
			expect(cell.formula).toBeUndefined();
			expect(sheet.getRow(r).getCell(4).numFmt).toBe('0.0%');
		}

		const [, ...comma] = readCsv(tally, ',');
		expect(comma[0]).toEqual(['1', `'${titled}`, '2', '50%']);
		expect(comma.find((r) => r[1] === "'-1+1")).toBeDefined();
		const [, ...semicolon] = readCsv(tally, ';');
		expect(semicolon.map((r) => r[1])).toEqual(comma.map((r) => r[1]));
		expect(semicolon[0]).toEqual(['1', `'${titled}`, '2', '50%']);
		for (const row of [...comma, ...semicolon]) expect(row[1]).not.toMatch(/^[=+\-@]/);
	});

	it('gives a daily poll’s vote log the day each ballot counts for, as a date cell', async () => {
		const poll = await makePoll({ dailyVoting: true }, 2);
		const member = await makeUser(database, { unit: tree.grassroots });
		// 23:30 in Vietnam on the first day, then 00:30 the next: two days, though one UTC date.
		const late = new Date('2026-11-25T16:30:00Z');
		const next = new Date('2026-11-25T17:30:00Z');
		for (const at of [late, next])
			await castVote(ctxFor(database, member, at), {
				id: poll.id,
				optionIds: [poll.options[0]!],
				voter: voter()
			});
		const book = await exportPoll(ctxFor(database, tree.organizer, next), poll.id, 'log');
		const sheet = (await readXlsx(book)).worksheets[0]!;
		expectDateColumn(sheet, 2, 'datetime');
		expectDateColumn(sheet, 3, 'date');
		expect(sheetRows(sheet, 2).map((r) => [r[1], r[2]])).toEqual([
			[new Date('2026-11-25T23:30:00Z'), new Date('2026-11-25T00:00:00Z')],
			[new Date('2026-11-26T00:30:00Z'), new Date('2026-11-26T00:00:00Z')]
		]);
		expect(
			readCsv(book, ';')
				.slice(1)
				.map((r) => [r[1], r[2]])
		).toEqual([
			['25/11/2026 23:30', '25/11/2026'],
			['26/11/2026 00:30', '26/11/2026']
		]);
	});

	it('gives tied options one rank on the page and in the tally export', async () => {
		const poll = await makePoll({}, 3);
		for (const option of [0, 0, 0, 1, 1, 1, 2]) {
			const member = await makeUser(database, { unit: tree.grassroots });
			await castVote(ctxFor(database, member, during), {
				id: poll.id,
				optionIds: [poll.options[option]!],
				voter: voter()
			});
		}
		const ctx = ctxFor(database, tree.organizer, during);
		const exported = await exportPoll(ctx, poll.id, 'tally');
		expect(exported.sheets[0]!.rows).toEqual([
			[1, 'Phương án 1', 3, 3 / 7],
			[1, 'Phương án 2', 3, 3 / 7],
			[3, 'Phương án 3', 1, 1 / 7]
		]);
		const page = await getPublicPoll(ctxFor(database, null, during), poll.id, voter());
		expect(page.results?.rows.map((r) => r.rank)).toEqual([1, 1, 3]);
	});
});
