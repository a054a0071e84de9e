import { randomBytes } from 'node:crypto';
import type { CastVoteInput, PollOptionInput, PollRulesInput } from '$lib/schemas/voting';
import { formatDateTime } from '$lib/shared/format';
import { writeAudit } from '../audit/repo';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import { accountCreatedAt } from '../auth';
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
import { findCampaign } from '../campaigns';
import { table, type Column, type ExportBook } from '../files/export';
import { listPublicShortlist } from '../judging';
import { findActiveUnit } from '../units';
import {
	hashAddress,
	issueChallenge,
	replayedProof,
	requireProof,
	type Challenge,
	type Verified
} from '../antiabuse/pow';
import { antiAbuseKey, purgeSpentIfDue } from '../antiabuse/repo';
import { batchersOf } from './batcher';
import * as repo from './repo';
import {
	accountVotesFrom,
	bucketSize,
	choiceProblem,
	isFrozen,
	nextVoteAt,
	normaliseTrackingCode,
	pollPhase,
	publicCanSeeResults,
	tally,
	trackingCodeFrom,
	vietnamDay,
	votingPeriod,
	type PollPhase
} from './rules';

const POLL_NOT_FOUND = 'Không tìm thấy cuộc bình chọn.';
const FROZEN = 'Cuộc bình chọn đã mở: phương án và thể lệ không thể thay đổi nữa.';

async function loadPoll(db: Db, id: number) {
	const poll = await repo.findPoll(db, id);
	if (!poll) throw notFound(POLL_NOT_FOUND);
	return poll;
}

/** Loads a poll the actor may manage; others get 404, so a poll's existence is not revealed. */
async function loadManagedPoll(
	ctx: Ctx,
	db: Db,
	id: number,
	action: 'poll.manage' | 'poll.results' | 'vote.void'
) {
	const actor = requireActor(ctx);
	const poll = await repo.findPoll(db, id);
	if (!poll || !can(actor, 'poll.results', { kind: 'poll', unitPath: poll.unitPath }))
		throw notFound(POLL_NOT_FOUND);
	authorize(actor, action, { kind: 'poll', unitPath: poll.unitPath });
	return { actor, poll };
}

function rulesSnapshot(input: repo.PollValues) {
	return {
		...input,
		opensAt: input.opensAt.toISOString(),
		closesAt: input.closesAt.toISOString()
	};
}

async function checkUnit(ctx: Ctx, db: Db, unitId: number) {
	const actor = requireActor(ctx);
	const unit = await findActiveUnit(db, unitId);
	if (!unit) {
		throw invalid('Đơn vị tổ chức không tồn tại.', { unitId: ['Đơn vị tổ chức không tồn tại.'] });
	}
	authorize(actor, 'poll.manage', { kind: 'unit', path: unit.path });
	return unit;
}

function toValues(input: PollRulesInput): repo.PollValues {
	return {
		unitId: input.unitId,
		title: input.title,
		description: input.description,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		maxChoices: input.maxChoices,
		dailyVoting: input.dailyVoting,
		audience: input.audience,
		resultsVisibility: input.resultsVisibility,
		addressDailyLimit: input.addressDailyLimit,
		minAccountAgeHours: input.minAccountAgeHours ?? null
	};
}

export async function createPoll(ctx: Ctx, input: PollRulesInput): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await checkUnit(ctx, tx, input.unitId);
		const values = toValues(input);
		const id = await repo.insertPoll(tx, values, actor.id, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'poll.create',
			entityType: 'poll',
			entityId: id,
			unitPath: unit.path,
			after: rulesSnapshot(values)
		});
		return id;
	});
}

export async function updatePollRules(ctx: Ctx, id: number, input: PollRulesInput): Promise<void> {
	requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockPoll(tx, id);
		const { actor, poll } = await loadManagedPoll(ctx, tx, id, 'poll.manage');
		if (isFrozen(poll, ctx.now)) throw conflict(FROZEN);
		const unit = await checkUnit(ctx, tx, input.unitId);
		const values = toValues(input);
		await repo.updatePoll(tx, id, values, ctx.now);
		forget(ctx, id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'poll.update',
			entityType: 'poll',
			entityId: id,
			unitPath: unit.path,
			before: rulesSnapshot(poll),
			after: rulesSnapshot(values)
		});
	});
}

export async function addPollOption(ctx: Ctx, pollId: number, input: PollOptionInput) {
	requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		await repo.lockPoll(tx, pollId);
		const { actor, poll } = await loadManagedPoll(ctx, tx, pollId, 'poll.manage');
		if (isFrozen(poll, ctx.now)) throw conflict(FROZEN);
		const option = await repo.insertOption(tx, pollId, input);
		forget(ctx, pollId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'poll.option.add',
			entityType: 'poll',
			entityId: pollId,
			unitPath: poll.unitPath,
			after: { optionId: option.id, ...input }
		});
		return option;
	});
}

/**
 * Puts a campaign's shortlist on a poll that has not opened: an option per finalist with their
 * photo, summary and a link to their story. The poll becomes the campaign's public vote, which
 * the final ranking weighs against the jury.
 */
export async function addShortlistToPoll(ctx: Ctx, pollId: number, campaignId: number) {
	requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		await repo.lockPoll(tx, pollId);
		const { actor, poll } = await loadManagedPoll(ctx, tx, pollId, 'poll.manage');
		if (isFrozen(poll, ctx.now)) throw conflict(FROZEN);
		const campaign = await findCampaign(tx, campaignId);
		if (
			!campaign ||
			!can(actor, 'judging.manage', { kind: 'unit', path: campaign.organizingUnitPath })
		) {
			throw notFound('Không tìm thấy đợt tôn vinh.');
		}
		if (poll.campaignId !== null && poll.campaignId !== campaignId) {
			throw conflict('Cuộc bình chọn này đã gắn với danh sách rút gọn của một đợt khác.');
		}
		// One public vote per campaign: the final ranking reads exactly one tally.
		const existing = await repo.findCampaignPoll(tx, campaignId);
		if (existing && existing.id !== pollId) {
			throw conflict(
				`Danh sách rút gọn của đợt này đã được đưa ra bình chọn trong “${existing.title}”.`
			);
		}
		const finalists = await listPublicShortlist({ ...ctx, db: tx }, campaignId);
		if (finalists.length === 0) throw conflict('Đợt này chưa có danh sách rút gọn.');
		const present = new Set((await repo.listOptions(tx, pollId)).map((o) => o.nominationId));
		const story = (id: number) => `/dot/${campaignId}/ung-vien/${id}`;
		const added = finalists.filter((f) => !present.has(f.nominationId));
		for (const f of added) {
			await repo.insertOption(tx, pollId, {
				title: f.name,
				summary: f.summary,
				photoUrl: f.photoId ? `${story(f.nominationId)}/anh/${f.photoId}` : undefined,
				link: story(f.nominationId),
				nominationId: f.nominationId
			});
		}
		await repo.setPollCampaign(tx, pollId, campaignId, ctx.now);
		forget(ctx, pollId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'poll.shortlist_add',
			entityType: 'poll',
			entityId: pollId,
			unitPath: poll.unitPath,
			after: { campaignId, nominationIds: added.map((f) => f.nominationId) }
		});
		return added.length;
	});
}

export async function removePollOption(ctx: Ctx, pollId: number, optionId: number) {
	requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		await repo.lockPoll(tx, pollId);
		const { actor, poll } = await loadManagedPoll(ctx, tx, pollId, 'poll.manage');
		if (isFrozen(poll, ctx.now)) throw conflict(FROZEN);
		const removed = await repo.deleteOption(tx, pollId, optionId);
		forget(ctx, pollId);
		if (!removed) throw notFound('Không tìm thấy phương án.');
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'poll.option.remove',
			entityType: 'poll',
			entityId: pollId,
			unitPath: poll.unitPath,
			before: removed
		});
	});
}

/** Polls of the organizer's subtree, newest first, with their phase. */
export async function listManagedPolls(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await repo.listPolls(ctx.db, administeredPaths(actor));
	return rows.map((p) => ({ ...p, phase: pollPhase(p, ctx.now) }));
}

async function results(db: Db, poll: repo.PollWithUnit) {
	const [options, counts, overTime] = await Promise.all([
		repo.listOptions(db, poll.id),
		repo.countVotes(db, poll.id),
		repo.ballotsOverTime(db, poll.id, bucketSize(poll))
	]);
	return {
		rows: tally(options, counts.votes, counts.counted),
		counted: counts.counted,
		voided: counts.voided,
		overTime,
		bucket: bucketSize(poll)
	};
}

export type PollResults = Awaited<ReturnType<typeof results>>;

/** Everything an organizer sees of one poll: rules, options, tally, suspicious patterns. */
export async function getManagedPoll(ctx: Ctx, id: number) {
	requireActor(ctx);
	const { actor, poll } = await loadManagedPoll(ctx, ctx.db, id, 'poll.results');
	const [options, tallied, bursts, freshAccounts] = await Promise.all([
		repo.listOptions(ctx.db, id),
		results(ctx.db, poll),
		repo.addressBursts(ctx.db, id),
		repo.freshAccountBallots(ctx.db, id)
	]);
	return {
		poll: { ...poll, phase: pollPhase(poll, ctx.now), frozen: isFrozen(poll, ctx.now) },
		options,
		results: tallied,
		suspicious: { bursts, freshAccounts },
		canManage: can(actor, 'poll.manage', { kind: 'poll', unitPath: poll.unitPath }),
		canVoid: can(actor, 'vote.void', { kind: 'poll', unitPath: poll.unitPath })
	};
}

export interface Voter {
	/** The anonymous voter's cookie token, when the browser has one. */
	token: string | null;
	address: string;
}

function voterKeyOf(ctx: Ctx, voter: Voter): string | null {
	if (ctx.actor) return `u:${ctx.actor.id}`;
	return voter.token ? `a:${voter.token}` : null;
}

/**
 * @public The poll page is public. The tally is included only when the poll's visibility rule
 * allows it now, or for the poll's organizers; a voter sees only their own ballot.
 */
export async function getPublicPoll(ctx: Ctx, id: number, voter: Voter) {
	const poll = await loadPoll(ctx.db, id);
	const phase: PollPhase = pollPhase(poll, ctx.now);
	const organizer = can(ctx.actor, 'poll.results', { kind: 'poll', unitPath: poll.unitPath });
	const showResults = organizer || publicCanSeeResults(poll, ctx.now);
	const key = voterKeyOf(ctx, voter);
	const period = votingPeriod(poll, ctx.now);
	const [options, mine, tallied] = await Promise.all([
		repo.listOptions(ctx.db, id),
		key && phase === 'open' ? repo.findBallotOfVoter(ctx.db, id, key, period) : null,
		showResults ? results(ctx.db, poll) : null
	]);
	return {
		poll: {
			id: poll.id,
			title: poll.title,
			description: poll.description,
			unitName: poll.unitName,
			opensAt: poll.opensAt,
			closesAt: poll.closesAt,
			maxChoices: poll.maxChoices,
			dailyVoting: poll.dailyVoting,
			audience: poll.audience,
			resultsVisibility: poll.resultsVisibility,
			minAccountAgeHours: poll.minAccountAgeHours,
			phase
		},
		options: options.map((o) => ({
			id: o.id,
			title: o.title,
			summary: o.summary,
			photoUrl: o.photoUrl,
			link: o.link
		})),
		myBallot: mine ? { ...mine, nextVoteAt: nextVoteAt(poll, ctx.now) } : null,
		results: tallied,
		organizer
	};
}

/** @public Anyone may ask for a proof-of-work challenge; it costs the server one HMAC. */
export async function issueVoteChallenge(ctx: Ctx, pollId: number): Promise<Challenge> {
	const poll = await repo.findPollForVoting(ctx.db, pollId);
	if (!poll) throw notFound(POLL_NOT_FOUND);
	await purgeSpentIfDue(ctx.db, ctx.now);
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

type VotingRules = NonNullable<Awaited<ReturnType<typeof repo.findPollForVoting>>>;
const frozenPolls = new WeakMap<Db, Map<number, VotingRules>>();

/**
 * The rules and option ids a vote is checked against. Once a poll has opened they can no longer
 * change (the service refuses, and ballots' foreign keys pin K), so each process keeps them.
 */
async function pollForVoting(ctx: Ctx, pollId: number): Promise<VotingRules | null> {
	let cache = frozenPolls.get(ctx.db);
	const known = cache?.get(pollId);
	if (known) return known;
	const poll = await repo.findPollForVoting(ctx.db, pollId);
	if (poll && isFrozen(poll, ctx.now)) {
		if (!cache) frozenPolls.set(ctx.db, (cache = new Map()));
		if (cache.size > 1000) cache.clear();
		cache.set(pollId, poll);
	}
	return poll;
}

/** Only reachable with a clock set back (tests): a poll edited before opening is read afresh. */
function forget(ctx: Ctx, pollId: number) {
	frozenPolls.get(ctx.db)?.delete(pollId);
}

function alreadyVotedMessage(poll: { dailyVoting: boolean; closesAt: Date }, now: Date): string {
	const next = nextVoteAt(poll, now);
	if (next) return `Bạn đã bình chọn hôm nay. Bạn có thể bình chọn lại từ ${formatDateTime(next)}.`;
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
			`Cuộc bình chọn này chỉ nhận phiếu của tài khoản tạo trước ít nhất ${poll.minAccountAgeHours} giờ. Tài khoản của bạn có thể bình chọn từ ${formatDateTime(from)}.`
		);
}

export interface CastResult {
	trackingCode: string;
	castAt: Date;
	nextVoteAt: Date | null;
}

/**
 * @public Casting a vote is open to the public by design: an anonymous voter on an "anyone"
 * poll is checked by proof of work and per-address limits instead of an account. Returns only
 * after the ballot is committed.
 */
export async function castVote(
	ctx: Ctx,
	pollId: number,
	input: CastVoteInput,
	voter: Voter
): Promise<CastResult> {
	const poll = await pollForVoting(ctx, pollId);
	if (!poll) throw notFound(POLL_NOT_FOUND);
	const phase = pollPhase(poll, ctx.now);
	if (phase === 'upcoming')
		throw conflict(`Cuộc bình chọn chưa mở. Mời bạn quay lại từ ${formatDateTime(poll.opensAt)}.`);
	if (phase === 'closed') throw conflict('Cuộc bình chọn đã kết thúc, không nhận thêm phiếu.');
	const anonymous = !ctx.actor;
	if (anonymous && poll.audience === 'accounts') {
		throw new DomainError(
			401,
			'Cuộc bình chọn này chỉ dành cho tài khoản đã đăng nhập. Vui lòng đăng nhập để bình chọn.'
		);
	}
	if (ctx.actor && poll.minAccountAgeHours) await checkAccountAge(ctx, ctx.actor.id, poll);
	const problem = choiceProblem(input.optionIds, poll.maxChoices, poll.optionIds);
	if (problem) throw invalid(problem, { optionIds: [problem] });
	const voterKey = voterKeyOf(ctx, voter);
	if (!voterKey) throw invalid('Trình duyệt của bạn cần cho phép cookie để bình chọn.');

	const key = await antiAbuseKey(ctx.db);
	const spent: Verified | null = anonymous ? await requireProof(input.altcha, key, ctx.now) : null;
	const addressHash = hashAddress(voter.address, key);
	const period = votingPeriod(poll, ctx.now);

	const ballotOf = (trackingCode: string): repo.NewBallot => ({
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

/** Voids one ballot (by tracking code) or every counted ballot from one address, with a reason. */
export async function voidVotes(
	ctx: Ctx,
	pollId: number,
	target: { trackingCode: string } | { addressHash: string },
	reason: string
): Promise<number> {
	requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { actor, poll } = await loadManagedPoll(ctx, tx, pollId, 'vote.void');
		let where = target;
		if ('trackingCode' in target) {
			const code = normaliseTrackingCode(target.trackingCode);
			if (!code)
				throw invalid('Mã phiếu không hợp lệ.', { trackingCode: ['Mã phiếu không hợp lệ.'] });
			where = { trackingCode: code };
		}
		const voided = await repo.voidBallots(tx, pollId, where, reason, actor.id, ctx.now);
		if (voided.length === 0)
			throw notFound('Không có phiếu hợp lệ nào khớp (phiếu không tồn tại hoặc đã bị huỷ).');
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'vote.void',
			entityType: 'poll',
			entityId: pollId,
			unitPath: poll.unitPath,
			after: {
				...where,
				reason,
				ballots: voided.length,
				trackingCodes: voided.slice(0, 100).map((v) => v.trackingCode)
			}
		});
		return voided.length;
	});
}

/** The tally or the vote log as a table to download (no names, accounts or addresses). */
export async function exportPoll(
	ctx: Ctx,
	pollId: number,
	kind: 'tally' | 'log'
): Promise<ExportBook> {
	requireActor(ctx);
	const { poll } = await loadManagedPoll(ctx, ctx.db, pollId, 'poll.results');
	if (kind === 'tally') {
		const r = await results(ctx.db, poll);
		return {
			filename: `binh-chon-${poll.id}-ket-qua`,
			sheets: [table('Kết quả', tallyColumns(r.counted), r.rows)]
		};
	}
	const log = await repo.ballotLog(ctx.db, pollId);
	return {
		filename: `binh-chon-${poll.id}-nhat-ky`,
		sheets: [table('Nhật ký phiếu', logColumns(poll), log)]
	};
}

function tallyColumns(counted: number): Column<PollResults['rows'][number]>[] {
	return [
		{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
		{ header: 'Phương án', kind: 'text', value: (r) => r.title },
		{ header: 'Số phiếu', kind: 'number', value: (r) => r.votes },
		// The share of counted ballots (a ballot may choose several options).
		{ header: 'Tỷ lệ', kind: 'percent', value: (r) => (counted > 0 ? r.votes / counted : 0) }
	];
}

function logColumns(
	poll: Pick<repo.PollWithUnit, 'dailyVoting'>
): Column<Awaited<ReturnType<typeof repo.ballotLog>>[number]>[] {
	return [
		{ header: 'Mã phiếu', kind: 'text', value: (b) => b.trackingCode },
		{ header: 'Thời điểm', kind: 'datetime', value: (b) => b.castAt },
		// A daily poll's period is the day the ballot counts for; otherwise the whole poll.
		poll.dailyVoting
			? { header: 'Lượt', kind: 'date', value: (b) => (b.period === 'all' ? null : b.period) }
			: { header: 'Lượt', kind: 'text', value: () => 'Cả cuộc' },
		{ header: 'Phương án đã chọn', kind: 'text', value: (b) => b.options ?? '' },
		{ header: 'Trạng thái', kind: 'text', value: (b) => (b.voidedAt ? 'Đã huỷ' : 'Hợp lệ') },
		{ header: 'Lý do huỷ', kind: 'text', value: (b) => b.voidReason ?? '' }
	];
}

/** @public The home page lists open polls: titles and closing times are public. */
export async function listOpenPolls(db: Db, now: Date) {
	return repo.listOpenPolls(db, now);
}
