/** Casting a vote and checking one's ballot: the public side of a poll, and its hot path. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { castVoteSchema } from '$lib/schemas/voting';
import { formatAtDateTime } from '$lib/shared/format';
import {
	hashAddress,
	issueChallenge,
	replayedProof,
	requireProof,
	type Challenge,
	type Verified
} from '../antiabuse/pow';
import { antiAbuseKey, purgeSpentIfDue } from '../antiabuse/repo';
import { accountCreatedAt, accountEmailVerifiedAt } from '../auth';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import {
	conflict,
	DomainError,
	forbidden,
	invalid,
	isUniqueViolation,
	notFound,
	tooManyRequests
} from '../errors';
import { defineUseCase } from '../usecase';
import { batchersOf } from './batcher';
import type { NewBallot } from './ballot-writes';
import * as repo from './repo';
import {
	accountVotesFrom,
	choiceProblem,
	isFrozen,
	nextVoteAt,
	normaliseTrackingCode,
	pollPhase,
	trackingCodeFrom,
	vietnamDay,
	votingPeriod
} from './rules';

export const POLL_NOT_FOUND = 'Không tìm thấy cuộc bình chọn.';

export interface Voter {
	/** The anonymous voter's cookie token, when the browser has one. */
	token: string | null;
	address: string;
}

export function voterKeyOf(ctx: Pick<Ctx, 'actor'>, voter: Voter): string | null {
	if (ctx.actor) return `u:${ctx.actor.id}`;
	return voter.token ? `a:${voter.token}` : null;
}

/** @public Anyone may ask for a proof-of-work challenge; it costs the server one HMAC. */
export async function issueVoteChallenge(ctx: Ctx, pollId: number): Promise<Challenge> {
	const poll = await repo.findPollForVoting(ctx.db, pollId);
	if (!poll) throw notFound(POLL_NOT_FOUND);
	await purgeSpentIfDue(ctx.db, ctx.now);
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

type VotingRules = NonNullable<Awaited<ReturnType<typeof repo.findPollForVoting>>>;
/** By poll, then by database handle (one per process in production, one per test database). */
const frozenPolls = new Map<number, WeakMap<Db, VotingRules>>();

/**
 * The rules and option ids a vote is checked against. Once a poll has opened they can no longer
 * change (the service refuses, and ballots' foreign keys pin K), so each process keeps them.
 */
async function pollForVoting(db: Db, pollId: number, now: Date): Promise<VotingRules | null> {
	const known = frozenPolls.get(pollId)?.get(db);
	if (known) return known;
	const poll = await repo.findPollForVoting(db, pollId);
	if (poll && isFrozen(poll, now)) {
		if (frozenPolls.size > 1000) frozenPolls.clear();
		let byDb = frozenPolls.get(pollId);
		if (!byDb) frozenPolls.set(pollId, (byDb = new WeakMap()));
		byDb.set(db, poll);
	}
	return poll;
}

/**
 * Only reachable with a clock set back (tests): a poll edited before opening is read afresh.
 * Edits run in a transaction, not on the handle votes use, so the poll is forgotten everywhere.
 */
export function forget(pollId: number) {
	frozenPolls.delete(pollId);
}

function alreadyVotedMessage(poll: { dailyVoting: boolean; closesAt: Date }, now: Date): string {
	const next = nextVoteAt(poll, now);
	if (next)
		return `Bạn đã bình chọn hôm nay. Bạn có thể bình chọn lại từ ${formatAtDateTime(next)}.`;
	if (poll.dailyVoting) return 'Bạn đã bình chọn hôm nay. Đây là ngày bình chọn cuối cùng.';
	return 'Bạn đã bình chọn trong cuộc bình chọn này. Mỗi người chỉ được bình chọn một lần.';
}

/** A poll with a minimum account age refuses accounts made too recently (throwaway accounts). */
async function checkAccountAge(
	ctx: Ctx,
	userId: number,
	poll: { minAccountAgeHours: number | null }
) {
	const createdAt = (await accountCreatedAt(ctx.db, userId)) ?? ctx.now;
	const from = accountVotesFrom(createdAt, poll.minAccountAgeHours);
	if (from && from > ctx.now)
		throw forbidden(
			`Cuộc bình chọn này chỉ nhận phiếu của tài khoản tạo trước ít nhất ${poll.minAccountAgeHours} giờ. Tài khoản của bạn có thể bình chọn từ ${formatAtDateTime(from)}.`
		);
}

export const VERIFY_EMAIL_TO_VOTE =
	'Cuộc bình chọn này chỉ nhận phiếu của tài khoản đã xác nhận email. Vào trang Tài khoản (/tai-khoan), bấm “Gửi lại thư xác nhận”, mở liên kết trong thư rồi quay lại bình chọn.';

/** A poll that asks for verified accounts refuses one whose address was never proven. */
async function checkVerifiedEmail(ctx: Ctx, userId: number) {
	if (!(await accountEmailVerifiedAt(ctx.db, userId))) throw forbidden(VERIFY_EMAIL_TO_VOTE);
}

export interface CastResult {
	trackingCode: string;
	castAt: Date;
	nextVoteAt: Date | null;
}

const voterSchema = z.object({ token: z.string().nullable(), address: z.string() });

/**
 * Casts a vote; returns only after the ballot is committed. Input: the poll (`id`), the chosen
 * options, the proof of work of an anonymous voter, and the voter's browser token and address.
 */
export const castVote = defineUseCase({
	name: 'vote.cast',
	public:
		'Casting a vote is open to the public by design: an anonymous voter on an "anyone" poll is checked by proof of work and per-address limits instead of an account.',
	ownTransaction:
		'Ballots commit through the group-commit batchers (voting/batcher.ts): many votes share one transaction, and a vote writes no audit entry.',
	input: castVoteSchema.extend({ id: id('cuộc bình chọn'), voter: voterSchema }),
	run: async (ctx, input): Promise<CastResult> => {
		const pollId = input.id;
		const poll = await pollForVoting(ctx.db, pollId, ctx.now);
		if (!poll) throw notFound(POLL_NOT_FOUND);
		const phase = pollPhase(poll, ctx.now);
		if (phase === 'upcoming')
			throw conflict(
				`Cuộc bình chọn chưa mở. Mời bạn quay lại từ ${formatAtDateTime(poll.opensAt)}.`
			);
		if (phase === 'closed') throw conflict('Cuộc bình chọn đã kết thúc, không nhận thêm phiếu.');
		const anonymous = !ctx.actor;
		if (anonymous && poll.audience === 'accounts') {
			throw new DomainError(
				401,
				'Cuộc bình chọn này chỉ dành cho tài khoản đã đăng nhập. Vui lòng đăng nhập để bình chọn.'
			);
		}
		if (ctx.actor && poll.minAccountAgeHours) await checkAccountAge(ctx, ctx.actor.id, poll);
		if (ctx.actor && poll.requireVerifiedEmail) await checkVerifiedEmail(ctx, ctx.actor.id);
		const problem = choiceProblem(input.optionIds, poll.maxChoices, poll.optionIds);
		if (problem) throw invalid(problem, { optionIds: [problem] });
		const key = await antiAbuseKey(ctx.db);
		const spent: Verified | null = anonymous
			? await requireProof(input.altcha, key, ctx.now)
			: null;
		// A browser that keeps no cookie (a poll framed on a portal, third-party cookies blocked)
		// is keyed by its spent challenge: that ballot is stored once and its proof cannot be
		// replayed, so it counts once; the per-address limit still bounds such ballots.
		const voterKey = voterKeyOf(ctx, input.voter) ?? `p:${spent!.signature}`;
		const addressHash = hashAddress(input.voter.address, key);
		const period = votingPeriod(poll, ctx.now);

		const ballotOf = (trackingCode: string): NewBallot => ({
			pollId,
			maxChoices: poll.maxChoices,
			dailyVoting: poll.dailyVoting,
			voterKey,
			period,
			trackingCode,
			userId: ctx.actor?.id ?? null,
			addressHash,
			castAt: ctx.now,
			optionIds: input.optionIds
		});

		for (let attempt = 0; ; attempt++) {
			const trackingCode = trackingCodeFrom(randomBytes(8));
			try {
				if (!spent) {
					// Grouped with the ballots cast at the same moment; settles after its commit.
					if (!(await batchersOf(ctx.db).ballots.submit(ballotOf(trackingCode))))
						throw conflict(alreadyVotedMessage(poll, ctx.now));
				} else {
					const outcome = await batchersOf(ctx.db).anonymous.submit({
						ballot: ballotOf(trackingCode),
						signature: spent.signature,
						expiresAt: spent.expiresAt,
						limit: poll.addressDailyLimit,
						day: vietnamDay(ctx.now)
					});
					if (outcome === 'replayed') throw replayedProof();
					if (outcome === 'limited')
						throw tooManyRequests(
							`Địa chỉ mạng của bạn đã đạt giới hạn ${poll.addressDailyLimit} phiếu trong ngày cho cuộc bình chọn này. Vui lòng thử lại vào ngày mai hoặc đăng nhập để bình chọn.`
						);
					if (outcome === 'duplicate') throw conflict(alreadyVotedMessage(poll, ctx.now));
				}
				return { trackingCode, castAt: ctx.now, nextVoteAt: nextVoteAt(poll, ctx.now) };
			} catch (error) {
				if (attempt < 2 && isUniqueViolation(error, 'poll_ballots_tracking_key')) continue;
				throw error;
			}
		}
	}
});

export type TrackingStatus =
	| { status: 'counted'; castAt: Date }
	| { status: 'voided'; castAt: Date; voidedAt: Date; reason: string };

/**
 * @public Anyone holding a tracking code may check that its ballot was counted; the answer
 * never says what the ballot chose.
 */
export async function lookupTrackingCode(
	ctx: Ctx,
	pollId: number,
	input: string
): Promise<TrackingStatus> {
	const code = normaliseTrackingCode(input);
	const message = 'Không tìm thấy phiếu có mã này trong cuộc bình chọn.';
	if (!code)
		throw invalid('Mã phiếu gồm 8 ký tự, ví dụ K7Q2-M9XD.', {
			code: ['Mã phiếu gồm 8 ký tự, ví dụ K7Q2-M9XD.']
		});
	const ballot = await repo.findBallotByTracking(ctx.db, pollId, code);
	if (!ballot) throw notFound(message);
	if (ballot.voidedAt)
		return {
			status: 'voided',
			castAt: ballot.castAt,
			voidedAt: ballot.voidedAt,
			reason: ballot.voidReason ?? ''
		};
	return { status: 'counted', castAt: ballot.castAt };
}
