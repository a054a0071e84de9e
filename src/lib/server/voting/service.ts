/** The voting area's use cases and reads; the use cases live in files by purpose. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { voidAddressSchema, voidBallotSchema } from '$lib/schemas/voting';
import { resultStanding } from '$lib/shared/voting';
import { accountEmailVerifiedAt } from '../auth';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { invalid, notFound } from '../errors';
import { table, type Column, type ExportBook } from '../files/export';
import { authorizeRead, defineUseCase } from '../usecase';
import { voterKeyOf, type Voter } from './cast';
import { loadPoll, managedPoll } from './polls';
import * as repo from './repo';
import {
	bucketSize,
	isFrozen,
	nextVoteAt,
	normaliseTrackingCode,
	pollPhase,
	publicCanSeeResults,
	tally,
	votingPeriod,
	type PollPhase
} from './rules';

export * from './polls';
export { copyPoll } from './copy';
export {
	castVote,
	issueVoteChallenge,
	lookupTrackingCode,
	type CastResult,
	type TrackingStatus,
	type Voter
} from './cast';

/** Polls of the organizer's subtree, newest first, with their phase. */
export async function listManagedPolls(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await repo.listPolls(ctx.db, administeredPaths(actor));
	return rows.map((p) => ({ ...p, phase: pollPhase(p, ctx.now) }));
}

async function results(db: Db, poll: repo.PollWithUnit, now: Date) {
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
		bucket: bucketSize(poll),
		standing: resultStanding(poll, counts.counted, now)
	};
}

export type PollResults = Awaited<ReturnType<typeof results>>;

/** Reads a poll the actor may see the results of (others get 404). */
async function readManagedPoll(ctx: Ctx, id: number) {
	requireActor(ctx);
	const poll = await loadPoll(ctx.db, id);
	const actor = authorizeRead(ctx, () => managedPoll(poll, 'poll.results'));
	return { actor, poll };
}

/** Everything an organizer sees of one poll: rules, options, tally, suspicious patterns. */
export async function getManagedPoll(ctx: Ctx, id: number) {
	const { actor, poll } = await readManagedPoll(ctx, id);
	const [options, tallied, bursts, freshAccounts] = await Promise.all([
		repo.listOptions(ctx.db, id),
		results(ctx.db, poll, ctx.now),
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
	const mustVerifyEmail =
		ctx.actor && poll.requireVerifiedEmail && phase !== 'closed'
			? !(await accountEmailVerifiedAt(ctx.db, ctx.actor.id))
			: false;
	const [options, mine, tallied] = await Promise.all([
		repo.listOptions(ctx.db, id),
		key && phase === 'open' ? repo.findBallotOfVoter(ctx.db, id, key, period) : null,
		showResults ? results(ctx.db, poll, ctx.now) : null
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
			requireVerifiedEmail: poll.requireVerifiedEmail,
			minVotes: poll.minVotes,
			phase
		},
		/** Signed in, but the poll takes only verified addresses and this one is not. */
		mustVerifyEmail,
		options: options.map((o) => ({
			id: o.id,
			title: o.title,
			summary: o.summary,
			photoUrl: o.photoUrl,
			link: o.link
		})),
		myBallot: mine ? { ...mine, nextVoteAt: nextVoteAt(poll, ctx.now) } : null,
		results: tallied,
		organizer,
		/** The organizing unit's place in the tree: which portals may frame the poll. */
		unitPath: poll.unitPath
	};
}

const NOTHING_TO_VOID = 'Không có phiếu hợp lệ nào khớp (phiếu không tồn tại hoặc đã bị huỷ).';
const byCode = voidBallotSchema.extend({ id: id('cuộc bình chọn') });
const byAddress = voidAddressSchema.extend({ id: id('cuộc bình chọn') });

/** One ballot by its tracking code, or every counted ballot from one address: each its form. */
const voidInput = z
	.unknown()
	.transform((raw, context): z.output<typeof byCode> | z.output<typeof byAddress> => {
		const schema = raw && typeof raw === 'object' && 'addressHash' in raw ? byAddress : byCode;
		const parsed = schema.safeParse(raw);
		if (parsed.success) return parsed.data;
		for (const { message, path } of parsed.error.issues)
			context.addIssue({ code: 'custom', message, path });
		return z.NEVER;
	});

/** Which ballots a void names: one tracking code (normalised), or every ballot from one address. */
function voidTarget(
	input: z.output<typeof byCode> | z.output<typeof byAddress>
): { trackingCode: string } | { addressHash: string } {
	if (!('trackingCode' in input)) return { addressHash: input.addressHash };
	const code = normaliseTrackingCode(input.trackingCode);
	if (!code) throw invalid('Mã phiếu không hợp lệ.', { trackingCode: ['Mã phiếu không hợp lệ.'] });
	return { trackingCode: code };
}

/** Voids one ballot (by tracking code) or every counted ballot from one address, with a reason. */
export const voidVotes = defineUseCase({
	name: 'vote.void',
	input: voidInput,
	load: ({ db }, input) => loadPoll(db, input.id),
	authorize: (_actor, poll) => managedPoll(poll, 'vote.void'),
	confirm: async ({ db }, input, poll) => {
		const where = voidTarget(input);
		const count = await repo.countVoidable(db, poll.id, where);
		if (count === 0) throw notFound(NOTHING_TO_VOID);
		return {
			title: 'Huỷ phiếu bình chọn?',
			summary: `${count} phiếu hợp lệ ${'trackingCode' in where ? `mã ${where.trackingCode}` : 'từ địa chỉ này'} trong “${poll.title}” sẽ bị huỷ và không được tính nữa, với lý do: “${input.reason}”.`,
			details: ['Phiếu đã huỷ không khôi phục được.']
		};
	},
	run: async ({ db, actor, now }, input, poll) => {
		const where = voidTarget(input);
		const voided = await repo.voidBallots(db, poll.id, where, input.reason, actor.id, now);
		if (voided.length === 0) throw notFound(NOTHING_TO_VOID);
		return { where, voided };
	},
	audit: ({ where, voided }, input, poll) => ({
		entityType: 'poll',
		entityId: poll.id,
		unitPath: poll.unitPath,
		after: {
			...where,
			reason: input.reason,
			ballots: voided.length,
			trackingCodes: voided.slice(0, 100).map((v) => v.trackingCode)
		}
	}),
	present: ({ voided }) => voided.length
});

/** The tally or the vote log as a table to download (no names, accounts or addresses). */
export async function exportPoll(
	ctx: Ctx,
	pollId: number,
	kind: 'tally' | 'log'
): Promise<ExportBook> {
	const { poll } = await readManagedPoll(ctx, pollId);
	if (kind === 'tally') {
		const r = await results(ctx.db, poll, ctx.now);
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
