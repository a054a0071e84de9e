/** The public side of a contest: its page, and registering with or without an account. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import {
	guestRegistrationSchema,
	registrationSchema,
	resultsMailSchema,
	type GuestRegistrationInput,
	type RegistrationInput
} from '$lib/schemas/contests';
import { formatAtDateTime } from '$lib/shared/format';
import { consentStatements, retentionNotice } from '$lib/shared/privacy';
import { hashAddress, issueChallenge, replayedProof, requireProof } from '../antiabuse/pow';
import { antiAbuseKey, purgeDue, purgeSpentIfDue, spendProof } from '../antiabuse/repo';
import { can, canTakeAsGuest } from '../auth/policy';
import { generateSessionToken, sessionIdFromToken } from '../auth';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Attempt, Contest, ContestPlayer } from '../db/schema';
import {
	conflict,
	DomainError,
	invalid,
	isUniqueViolation,
	tooManyRequests,
	unauthenticated
} from '../errors';
import { findActiveUnit, listUnitChoices } from '../units';
import { defineUseCase } from '../usecase';
import {
	authorizeTake,
	closeExpiredNow,
	contestResource,
	loadContest,
	loadPublishedContest,
	publicRound,
	refuseDraft,
	takerOf,
	type PlayCtx
} from './access';
import * as repo from './repo';
import { isExpiredRunning, registrationHour } from './rules';

/** @public The home page lists contests with a round open now: titles and deadlines only. */
export async function listOpenContests(db: Db, now: Date) {
	return repo.listOpenContests(db, now);
}

/**
 * @public A contest's rules and rounds are public (people share the link); the visitor's own
 * registration and attempts come only with their session.
 */
export async function getContestPage(ctx: PlayCtx, id: number) {
	const contest = await loadContest(ctx.db, id);
	refuseDraft(ctx.actor, contest);
	const rounds = await repo.listRounds(ctx.db, id);
	const actor = ctx.actor;
	const player = await takerOf(ctx.db, ctx, contest);
	const myAttempts = player
		? await Promise.all(
				rounds.map(async (r) => {
					let mine = await repo.listAttemptsOf(ctx.db, r.id, player.id);
					// Only the visitor's own attempts, and only when one has run out unsubmitted.
					if (mine.some((a) => isExpiredRunning(a, ctx.now))) {
						await closeExpiredNow(ctx.db, r.id, ctx.now, { playerId: player.id });
						mine = await repo.listAttemptsOf(ctx.db, r.id, player.id);
					}
					return mine.map((a) => attemptSummary(a, ctx.now));
				})
			)
		: rounds.map(() => []);
	// A draft is seen by its organizers only, and nobody registers before it is published.
	const canTake = contest.draft
		? false
		: actor
			? can(actor, 'contest.take', contestResource(contest))
			: canTakeAsGuest(contestResource(contest));
	const unitChoices =
		canTake && !player
			? (await listUnitChoices(ctx.db)).filter(
					(u) => contest.scope === 'public' || u.path.startsWith(contest.unitPath)
				)
			: [];
	return {
		unitChoices,
		contest: {
			id: contest.id,
			title: contest.title,
			description: contest.description,
			scope: contest.scope,
			predictionKind: contest.predictionKind,
			tieBreaks: contest.tieBreaks,
			draft: contest.draft
		},
		rounds: rounds.map((r, i) => ({ ...publicRound(r, ctx.now), myAttempts: myAttempts[i]! })),
		/** How long contact data is kept, shown at the consent box. */
		retention: retentionNotice(contest.retentionMonths, lastClose(rounds)),
		canTake,
		/** Without an account: registration asks for the unit and details, no sign-in. */
		asGuest: !actor && canTake,
		canManage: can(actor, 'contest.manage', contestResource(contest)),
		player: player
			? {
					id: player.id,
					fullName: player.fullName,
					unitId: player.unitId,
					voided: player.voidedAt !== null,
					voidReason: player.voidReason,
					/** The visitor's own: where their round results go by e-mail, if they asked. */
					resultsEmail: player.resultsEmail
				}
			: null
	};
}

/** The contest's end: its last round's close (null before any round exists). */
function lastClose(rounds: readonly { closesAt: Date }[]): Date | null {
	return rounds.reduce<Date | null>(
		(end, r) => (!end || r.closesAt > end ? r.closesAt : end),
		null
	);
}

function attemptSummary(a: Attempt, now: Date) {
	const open = a.finishedAt === null && !isExpiredRunning(a, now);
	return {
		id: a.id,
		attemptNo: a.attemptNo,
		open,
		correct: open ? null : a.correctCount,
		durationMs: open ? null : a.durationMs,
		timedOut: a.timedOut
	};
}

const PHONE_TAKEN = 'Số điện thoại này đã đăng ký dự thi.';
const ID_TAKEN = 'Số CCCD/CMND này đã đăng ký dự thi.';

/** Inserts a registration; a phone or ID number already registered says which. */
async function insertRegistration(
	tx: Db,
	contest: Contest,
	input: RegistrationInput | GuestRegistrationInput,
	who: { userId: number | null; guestTokenHash: string | null; resultsEmail: string | null },
	now: Date
): Promise<ContestPlayer> {
	const unit = await findActiveUnit(tx, input.unitId);
	if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
	if (contest.scope === 'members' && !unit.path.startsWith(contest.unitPath))
		throw invalid('Đơn vị phải thuộc đơn vị tổ chức cuộc thi.', {
			unitId: ['Đơn vị phải thuộc đơn vị tổ chức cuộc thi.']
		});
	try {
		return await repo.insertPlayer(tx, {
			contestId: contest.id,
			...who,
			unitId: unit.id,
			unitPath: unit.path,
			fullName: input.fullName,
			phone: input.phone,
			idNumber: input.idNumber ?? null,
			birthDate: input.birthDate ?? null,
			// The schema refused the form without the box ticked: this is the text it agreed to.
			consentVersion: consentStatements.contest.version,
			consentedAt: now
		});
	} catch (error) {
		if (isUniqueViolation(error, 'contest_players_phone_idx'))
			throw conflict(PHONE_TAKEN, { phone: [PHONE_TAKEN] });
		if (isUniqueViolation(error, 'contest_players_id_number_idx'))
			throw conflict(ID_TAKEN, { idNumber: [ID_TAKEN] });
		if (isUniqueViolation(error)) throw conflict('Bạn đã đăng ký cuộc thi này.');
		throw error;
	}
}

const contestRef = { contestId: id('cuộc thi') };

/** Registers the signed-in person for a contest, tied to a unit of the tree. */
export const register = defineUseCase({
	name: 'contest.register',
	input: registrationSchema.extend(contestRef),
	load: ({ db }, input) => loadPublishedContest(db, input.contestId),
	authorize: (_actor, contest) => ({ action: 'contest.take', resource: contestResource(contest) }),
	run: ({ db, actor, now }, input, contest) =>
		insertRegistration(
			db,
			contest,
			input,
			{
				userId: actor.id,
				guestTokenHash: null,
				// An account's results go to the account's own address.
				resultsEmail: input.wantsResults ? actor.email : null
			},
			now
		),
	audit: (player, { contestId }) => ({
		entityType: 'contest_player',
		entityId: player.id,
		unitPath: player.unitPath,
		after: { contestId, unitId: player.unitId, fullName: player.fullName }
	})
});

/**
 * @public A challenge for registering without an account, in a public contest only; it costs
 * the server one HMAC.
 */
export async function issueRegistrationChallenge(ctx: Ctx, contestId: number) {
	const contest = await loadPublishedContest(ctx.db, contestId);
	if (!canTakeAsGuest(contestResource(contest))) throw unauthenticated();
	await purgeSpentIfDue(ctx.db, ctx.now);
	if (purgeDue('contest-address-counts', ctx.db, ctx.now))
		await repo.purgeGuestAddressCounts(ctx.db, registrationHour(ctx.now));
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

/**

/**
 * A public contest takes registrations without an account: name, phone, unit (ID number and
 * birth date optional). Like an anonymous vote, each needs a fresh proof of work solved by the
 * browser, and each client address has an hourly allowance per contest. The browser keeps a
 * secret token (the database only its hash) that ties this player to their attempts; the
 * caller puts it in the guest cookie.
 */
export const registerGuest = defineUseCase({
	name: 'contest.register_guest',
	public: 'guests register for public contests with a solved proof of work and an hourly limit',
	input: guestRegistrationSchema.safeExtend({ ...contestRef, address: z.string() }),
	load: async (scope, input) => {
		const contest = await loadPublishedContest(scope.db, input.contestId);
		if (scope.actor) throw conflict('Bạn đã đăng nhập: hãy đăng ký dự thi bằng tài khoản.');
		authorizeTake(scope, contest);
		const key = await antiAbuseKey(scope.db, (scope as PlayCtx).root ?? scope.db);
		return { contest, key, proof: await requireProof(input.altcha, key, scope.now) };
	},
	run: async (scope, input, { contest, key, proof }) => {
		const { db, now } = scope;
		const hour = registrationHour(now);
		// One browser token serves every public contest the guest enters.
		const token = (scope as PlayCtx).guest ?? generateSessionToken();
		if (!(await spendProof(db, proof))) throw replayedProof();
		const charged = await repo.chargeGuestAddress(db, {
			contestId: contest.id,
			addressHash: hashAddress(input.address, key),
			hour,
			limit: contest.guestHourlyLimit
		});
		if (!charged)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã đạt giới hạn ${contest.guestHourlyLimit} lượt đăng ký trong một giờ cho cuộc thi này. Vui lòng thử lại từ ${formatAtDateTime(new Date(hour.getTime() + 3_600_000))} hoặc đăng nhập để dự thi.`
			);
		// A refused registration (phone already registered, say) keeps the proof spent and the
		// charge, so the transaction commits and the refusal is thrown after (`present`):
		// otherwise one solved proof could probe any number of phones and ID numbers.
		try {
			const player = await db.transaction((savepoint) =>
				insertRegistration(
					savepoint,
					contest,
					input,
					{
						userId: null,
						guestTokenHash: sessionIdFromToken(token),
						resultsEmail: input.wantsResults ? (input.resultsEmail ?? null) : null
					},
					now
				)
			);
			return { player, token };
		} catch (error) {
			if (error instanceof DomainError) return { refused: error };
			throw error;
		}
	},
	audit: (outcome, { contestId }) =>
		'refused' in outcome
			? null
			: {
					entityType: 'contest_player',
					entityId: outcome.player.id,
					unitPath: outcome.player.unitPath,
					after: { contestId, unitId: outcome.player.unitId, fullName: outcome.player.fullName }
				},
	present: (outcome): { player: ContestPlayer; token: string } => {
		if ('refused' in outcome) throw outcome.refused;
		return outcome;
	}
});

const RESULTS_EMAIL_MISSING = 'Vui lòng nhập email để nhận kết quả.';

/**
 * A player turns each round's results by e-mail on or off from the contest page: an account's go
 * to its own address, a guest gives one.
 */
export const setResultsMail = defineUseCase({
	name: 'contest.results_mail',
	public:
		'a player changes their own registration only, found by their account or by the guest token their browser holds',
	input: resultsMailSchema.extend(contestRef),
	load: async (scope, input) => {
		const contest = await loadPublishedContest(scope.db, input.contestId);
		authorizeTake(scope, contest);
		return contest;
	},
	run: async (scope, input, contest) => {
		const player = await takerOf(scope.db, scope as PlayCtx, contest);
		if (!player) throw conflict('Bạn cần đăng ký dự thi trước.');
		const address = !input.wantsResults ? null : (scope.actor?.email ?? input.resultsEmail ?? null);
		if (input.wantsResults && !address)
			throw invalid(RESULTS_EMAIL_MISSING, { resultsEmail: [RESULTS_EMAIL_MISSING] });
		await repo.setResultsEmail(scope.db, player.id, address);
		return { player, address };
	},
	audit: ({ player, address }) => ({
		entityType: 'contest_player',
		entityId: player.id,
		unitPath: player.unitPath,
		before: { resultsEmail: player.resultsEmail },
		after: { resultsEmail: address }
	}),
	present: ({ address }) => address
});
