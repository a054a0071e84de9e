import type {
	ContestInput,
	ContestUpdate,
	GuestRegistrationInput,
	RegistrationInput,
	RoundInput
} from '$lib/schemas/contests';
import { DEFAULT_GUEST_HOURLY_LIMIT } from '$lib/shared/contests';
import { formatDateTime, formatNumber, formatShare } from '$lib/shared/format';
import { hashAddress, issueChallenge, replayedProof, requireProof } from '../antiabuse/pow';
import { antiAbuseKey, purgeDue, purgeSpentIfDue, spendProof } from '../antiabuse/repo';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { administeredPaths, authorize, can, canTakeAsGuest, requireActor } from '../auth/policy';
import { generateSessionToken, sessionIdFromToken } from '../auth';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Attempt, Contest, ContestPlayer, ContestRound } from '../db/schema';
import {
	conflict,
	DomainError,
	invalid,
	isUniqueViolation,
	notFound,
	tooManyRequests,
	unauthenticated
} from '../errors';
import { table, type Column, type ExportBook } from '../files/export';
import { drawablePool, findQuestionsByIds, lockQuestions } from '../questions';
import { isCorrect } from '../questions';
import { findActiveUnit } from '../units';
import { listUnitChoices } from '../units';
import * as repo from './repo';
import {
	acceptsAnswersAt,
	assignPrizes,
	chosenIndexes,
	contestTermsRefusal,
	deadlineFor,
	drawAttempt,
	expiryPossible,
	isExpiredRunning,
	optionIds,
	rankUnits,
	registrationHour,
	rollUpParticipation,
	roundOverlapErrors,
	roundPhase,
	type Random
} from './rules';

const NOT_FOUND = 'Không tìm thấy cuộc thi.';

function contestResource(contest: Contest) {
	return { kind: 'contest', unitPath: contest.unitPath, scope: contest.scope } as const;
}

async function loadContest(db: Db, id: number): Promise<Contest> {
	const contest = await repo.findContest(db, id);
	if (!contest) throw notFound(NOT_FOUND);
	return contest;
}

/** A contest the actor manages; others get 404 so nothing about it leaks. */
async function loadManaged(db: Db, actor: Actor, id: number, lock = false): Promise<Contest> {
	const contest = await repo.findContest(db, id, lock);
	if (!contest || !can(actor, 'contest.manage', contestResource(contest)))
		throw notFound(NOT_FOUND);
	return contest;
}

async function loadRound(db: Db, id: number, lock = false) {
	const round = await repo.findRound(db, id, lock);
	if (!round) throw notFound('Không tìm thấy tuần thi.');
	return { round, contest: await loadContest(db, round.contestId) };
}

/** The fields of a round anyone may read: nothing about answers or other players. */
function publicRound(round: ContestRound, now: Date) {
	return {
		id: round.id,
		number: round.number,
		title: round.title,
		opensAt: round.opensAt,
		closesAt: round.closesAt,
		questionCount: round.questionCount,
		timeLimitSeconds: round.timeLimitSeconds,
		attemptsAllowed: round.attemptsAllowed,
		predictionQuestion: round.predictionQuestion,
		prizeTiers: round.prizeTiers,
		phase: roundPhase(round, now),
		winnersPublished: round.winnersPublishedAt !== null
	};
}

/**
 * What the play use cases receive: a public contest can be played without an account, and then
 * the browser's secret guest token (from its cookie) says who plays.
 */
export interface PlayCtx extends Ctx {
	guest?: string | null;
}

/** Taking part: the policy for signed-in people; without an account, public contests only. */
function authorizeTake(ctx: PlayCtx, contest: Contest) {
	const resource = contestResource(contest);
	if (ctx.actor) authorize(ctx.actor, 'contest.take', resource);
	else if (!canTakeAsGuest(resource)) throw unauthenticated();
}

/** The registration of whoever plays: by account, or by the guest token in a public contest. */
async function takerOf(db: Db, ctx: PlayCtx, contest: Contest): Promise<ContestPlayer | null> {
	if (ctx.actor) return repo.findPlayerOfUser(db, contest.id, ctx.actor.id);
	if (!ctx.guest || !canTakeAsGuest(contestResource(contest))) return null;
	return repo.findPlayerOfGuest(db, contest.id, sessionIdFromToken(ctx.guest));
}

function owns(ctx: PlayCtx, player: ContestPlayer): boolean {
	if (ctx.actor) return player.userId === ctx.actor.id;
	return (
		!!ctx.guest &&
		player.guestTokenHash !== null &&
		player.guestTokenHash === sessionIdFromToken(ctx.guest)
	);
}

/**
 * Ends the round's attempts past their deadline plus grace, so boards and reports count them.
 * Pages call it on every view, so it writes only when there is something to close: the round
 * row says whether any attempt can have expired yet, then a lock-free read whether one has.
 */
async function closeExpiredAttempts(db: Db, round: ContestRound, now: Date) {
	if (!expiryPossible(round, now)) return;
	if (!(await repo.hasExpiredRunning(db, round.id, now))) return;
	await db.transaction((tx) => repo.closeExpired(tx, round.id, now));
}

// ---- Organizers --------------------------------------------------------------------------

export async function listContests(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listContests(ctx.db, administeredPaths(actor));
}

export async function createContest(ctx: Ctx, input: ContestInput): Promise<Contest> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await findActiveUnit(tx, input.unitId);
		if (!unit) throw invalid('Đơn vị không tồn tại.', { unitId: ['Đơn vị không tồn tại.'] });
		authorize(actor, 'contest.manage', {
			kind: 'contest',
			unitPath: unit.path,
			scope: input.scope
		});
		const contest = await repo.insertContest(tx, input, unit, actor.id);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.create',
			entityType: 'contest',
			entityId: contest.id,
			unitPath: contest.unitPath,
			after: {
				title: contest.title,
				scope: contest.scope,
				tieBreaks: contest.tieBreaks,
				guestHourlyLimit: contest.guestHourlyLimit
			}
		});
		return contest;
	});
}

/**
 * @public Edits a contest. Its title, rules text and guest limit can change at any time; who
 * may play and how the board ranks only until a round opens (`contestTermsRefusal`).
 */
export async function updateContest(ctx: Ctx, id: number, input: ContestUpdate): Promise<Contest> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const contest = await loadManaged(tx, actor, id);
		authorize(actor, 'contest.manage', contestResource(contest));
		// Opening the contest to the public is judged for the new scope too.
		authorize(actor, 'contest.manage', { ...contestResource(contest), scope: input.scope });
		const refusal = contestTermsRefusal(contest, input, await repo.hasOpenedRound(tx, id));
		if (refusal) throw conflict(refusal);
		const updated = await repo.updateContest(tx, id, {
			title: input.title,
			description: input.description,
			scope: input.scope,
			predictionKind: input.predictionKind,
			tieBreaks: input.tieBreaks,
			guestHourlyLimit: input.guestHourlyLimit ?? DEFAULT_GUEST_HOURLY_LIMIT
		});
		const fields = [
			'title',
			'description',
			'scope',
			'predictionKind',
			'tieBreaks',
			'guestHourlyLimit'
		] as const;
		const changed = fields.filter((f) => JSON.stringify(contest[f]) !== JSON.stringify(updated[f]));
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.update',
			entityType: 'contest',
			entityId: id,
			unitPath: contest.unitPath,
			before: Object.fromEntries(changed.map((f) => [f, contest[f]])),
			after: Object.fromEntries(changed.map((f) => [f, updated[f]]))
		});
		return updated;
	});
}

export async function getContestForOrganizer(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, id);
	const [rounds, players] = await Promise.all([
		repo.listRounds(ctx.db, id),
		repo.listPlayers(ctx.db, id)
	]);
	return {
		contest,
		// Who may play and how ties break are fixed once a round has opened.
		termsLocked: rounds.some((r) => r.lockedAt !== null),
		rounds: rounds.map((r) => ({
			...publicRound(r, ctx.now),
			topics: r.topics,
			difficulties: r.difficulties
		})),
		players
	};
}

/**
 * Adds a round to a contest. Its window may not overlap another round's: the contest row is
 * locked first, so two organizers adding rounds at once are checked one after the other.
 */
export async function addRound(ctx: Ctx, contestId: number, input: RoundInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const contest = await loadManaged(tx, actor, contestId, true);
		authorize(actor, 'contest.manage', contestResource(contest));
		const overlap = roundOverlapErrors(await repo.listRounds(tx, contest.id), input);
		if (overlap)
			throw invalid('Tuần thi mới trùng thời gian với một tuần thi khác của cuộc thi.', overlap);
		const round = await repo.insertRound(tx, contest.id, input);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.round_create',
			entityType: 'contest_round',
			entityId: round.id,
			unitPath: contest.unitPath,
			after: { title: round.title, opensAt: round.opensAt, closesAt: round.closesAt }
		});
		return round;
	});
}

/**
 * Opens a round for play: fixes the pool it draws from (approved questions citing a source)
 * and locks those questions, so the bank cannot change under a running round.
 */
export async function openRound(ctx: Ctx, roundId: number) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { round, contest } = await loadRound(tx, roundId, true);
		if (!can(actor, 'contest.manage', contestResource(contest))) throw notFound(NOT_FOUND);
		if (round.lockedAt) throw conflict('Tuần thi đã được mở trước đó.');
		const pool = await drawablePool(tx, {
			withinPath: contest.unitPath,
			topics: round.topics,
			difficulties: round.difficulties
		});
		if (pool.length < round.questionCount)
			throw conflict(
				`Ngân hàng chỉ có ${pool.length} câu hỏi đã duyệt, có nguồn và đúng chủ đề, mức độ; tuần thi cần ít nhất ${round.questionCount} câu.`
			);
		const ids = pool.map((q) => q.id);
		await repo.fixPool(tx, round.id, ids, ctx.now);
		await lockQuestions(tx, ids, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.round_open',
			entityType: 'contest_round',
			entityId: round.id,
			unitPath: contest.unitPath,
			after: { pool: ids.length }
		});
		return { poolSize: ids.length };
	});
}

export async function voidPlayer(
	ctx: Ctx,
	contestId: number,
	input: { playerId: number; reason: string }
) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const contest = await loadManaged(tx, actor, contestId);
		authorize(actor, 'contest.manage', contestResource(contest));
		const player = await repo.findPlayer(tx, input.playerId);
		if (!player || player.contestId !== contest.id) throw notFound('Không tìm thấy người dự thi.');
		if (player.voidedAt) throw conflict('Kết quả của người này đã bị huỷ trước đó.');
		await repo.voidPlayer(tx, player.id, { reason: input.reason, byId: actor.id, now: ctx.now });
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.player_void',
			entityType: 'contest_player',
			entityId: player.id,
			unitPath: player.unitPath,
			before: { voided: false },
			after: { voided: true, reason: input.reason }
		});
	});
}

/** Publishes a closed round's winners by its prize tiers (the awards area reads them). */
export async function publishWinners(ctx: Ctx, roundId: number) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { round, contest } = await loadRound(tx, roundId, true);
		if (!can(actor, 'contest.manage', contestResource(contest))) throw notFound(NOT_FOUND);
		if (roundPhase(round, ctx.now) !== 'closed')
			throw conflict('Chỉ công bố giải sau khi tuần thi kết thúc.');
		if (round.winnersPublishedAt) throw conflict('Đã công bố giải của tuần thi này.');
		await closeExpiredAttempts(tx, round, ctx.now);
		const total = round.prizeTiers.reduce((n, t) => n + t.count, 0);
		const actual = await repo.actualFigure(tx, round, contest.predictionKind);
		const top = await repo.topOfRound(tx, round.id, contest.tieBreaks, actual, { limit: total });
		const winners = assignPrizes(top, round.prizeTiers);
		await repo.insertWinners(
			tx,
			round.id,
			winners.map((w) => ({ playerId: w.playerId, rank: w.rank, tier: w.tier })),
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.winners_publish',
			entityType: 'contest_round',
			entityId: round.id,
			unitPath: contest.unitPath,
			after: { winners: winners.map((w) => ({ playerId: w.playerId, tier: w.tier })) }
		});
		return winners;
	});
}

// ---- Public page and registration ----------------------------------------------------------

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
	const rounds = await repo.listRounds(ctx.db, id);
	const actor = ctx.actor;
	const player = await takerOf(ctx.db, ctx, contest);
	const myAttempts = player
		? await Promise.all(
				rounds.map(async (r) => {
					let mine = await repo.listAttemptsOf(ctx.db, r.id, player.id);
					// Only the visitor's own attempts, and only when one has run out unsubmitted.
					if (mine.some((a) => isExpiredRunning(a, ctx.now))) {
						await ctx.db.transaction((tx) =>
							repo.closeExpired(tx, r.id, ctx.now, { playerId: player.id })
						);
						mine = await repo.listAttemptsOf(ctx.db, r.id, player.id);
					}
					return mine.map((a) => attemptSummary(a, ctx.now));
				})
			)
		: rounds.map(() => []);
	const canTake = actor
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
			tieBreaks: contest.tieBreaks
		},
		rounds: rounds.map((r, i) => ({ ...publicRound(r, ctx.now), myAttempts: myAttempts[i]! })),
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
					voidReason: player.voidReason
				}
			: null
	};
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
	who: { userId: number | null; guestTokenHash: string | null }
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
			birthDate: input.birthDate ?? null
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

/** Registers the signed-in person for a contest, tied to a unit of the tree. */
export async function register(ctx: Ctx, contestId: number, input: RegistrationInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const contest = await loadContest(tx, contestId);
		authorize(actor, 'contest.take', contestResource(contest));
		const player = await insertRegistration(tx, contest, input, {
			userId: actor.id,
			guestTokenHash: null
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'contest.register',
			entityType: 'contest_player',
			entityId: player.id,
			unitPath: player.unitPath,
			after: { contestId, unitId: player.unitId, fullName: player.fullName }
		});
		return player;
	});
}

/**
 * @public A challenge for registering without an account, in a public contest only; it costs
 * the server one HMAC.
 */
export async function issueRegistrationChallenge(ctx: Ctx, contestId: number) {
	const contest = await loadContest(ctx.db, contestId);
	if (!canTakeAsGuest(contestResource(contest))) throw unauthenticated();
	await purgeSpentIfDue(ctx.db, ctx.now);
	if (purgeDue('contest-address-counts', ctx.db, ctx.now))
		await repo.purgeGuestAddressCounts(ctx.db, registrationHour(ctx.now));
	return issueChallenge(await antiAbuseKey(ctx.db), ctx.now);
}

/**
 * @public A public contest takes registrations without an account: name, phone, unit (ID
 * number and birth date optional). Like an anonymous vote, each needs a fresh proof of work
 * solved by the browser, and each client address has an hourly allowance per contest. The
 * browser keeps a secret token (the database only its hash) that ties this player to their
 * attempts; the caller puts it in the guest cookie.
 */
export async function registerGuest(
	ctx: PlayCtx,
	contestId: number,
	input: GuestRegistrationInput,
	client: { address: string }
): Promise<{ player: ContestPlayer; token: string }> {
	const contest = await loadContest(ctx.db, contestId);
	if (ctx.actor) throw conflict('Bạn đã đăng nhập: hãy đăng ký dự thi bằng tài khoản.');
	authorizeTake(ctx, contest);
	const key = await antiAbuseKey(ctx.db);
	const proof = await requireProof(input.altcha, key, ctx.now);
	const hour = registrationHour(ctx.now);
	// One browser token serves every public contest the guest enters.
	const token = ctx.guest ?? generateSessionToken();
	const outcome = await ctx.db.transaction(async (tx) => {
		if (!(await spendProof(tx, proof))) throw replayedProof();
		const charged = await repo.chargeGuestAddress(tx, {
			contestId: contest.id,
			addressHash: hashAddress(client.address, key),
			hour,
			limit: contest.guestHourlyLimit
		});
		if (!charged)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã đạt giới hạn ${contest.guestHourlyLimit} lượt đăng ký trong một giờ cho cuộc thi này. Vui lòng thử lại từ ${formatDateTime(new Date(hour.getTime() + 3_600_000))} hoặc đăng nhập để dự thi.`
			);
		// A refused registration (phone already registered, say) keeps the proof spent and the
		// charge: otherwise one solved proof could probe any number of phones and ID numbers.
		try {
			const player = await tx.transaction((savepoint) =>
				insertRegistration(savepoint, contest, input, {
					userId: null,
					guestTokenHash: sessionIdFromToken(token)
				})
			);
			await writeAudit(tx, {
				actorId: null,
				action: 'contest.register_guest',
				entityType: 'contest_player',
				entityId: player.id,
				unitPath: player.unitPath,
				after: { contestId, unitId: player.unitId, fullName: player.fullName }
			});
			return { player };
		} catch (error) {
			if (error instanceof DomainError) return { refused: error };
			throw error;
		}
	});
	if ('refused' in outcome) throw outcome.refused;
	return { player: outcome.player, token };
}

// ---- Taking part -------------------------------------------------------------------------

async function playerOf(db: Db, ctx: PlayCtx, contest: Contest): Promise<ContestPlayer> {
	const player = await takerOf(db, ctx, contest);
	if (!player) throw conflict('Bạn cần đăng ký dự thi trước.');
	if (player.voidedAt) throw conflict(`Kết quả dự thi của bạn đã bị huỷ: ${player.voidReason}`);
	return player;
}

const ALREADY_STARTED = 'Lượt thi này đã được bắt đầu ở một cửa sổ khác. Hãy tải lại trang.';

/**
 * Starts an attempt, or returns the one still running. The server draws the questions,
 * shuffles their options and fixes the start and the deadline; the unique
 * (round, player, attempt number) refuses a start beyond the allowance, even when racing.
 */
export async function startAttempt(
	ctx: PlayCtx,
	roundId: number,
	input: { prediction?: number },
	random: Random = Math.random
): Promise<{ attemptId: number; resumed: boolean }> {
	try {
		return await ctx.db.transaction(async (tx) => {
			const { round, contest } = await loadRound(tx, roundId);
			authorizeTake(ctx, contest);
			if (roundPhase(round, ctx.now) !== 'open')
				throw conflict('Tuần thi chưa mở hoặc đã kết thúc.');
			const player = await playerOf(tx, ctx, contest);
			let mine = await repo.listAttemptsOf(tx, round.id, player.id);
			// An attempt of theirs that ran out unsubmitted ends first, so the next may start.
			if (mine.some((a) => isExpiredRunning(a, ctx.now))) {
				await repo.closeExpired(tx, round.id, ctx.now, { playerId: player.id });
				mine = await repo.listAttemptsOf(tx, round.id, player.id);
			}
			const running = mine.find((a) => a.finishedAt === null);
			if (running) return { attemptId: running.id, resumed: true };
			if (mine.length >= round.attemptsAllowed)
				throw conflict(`Bạn đã dùng hết ${round.attemptsAllowed} lượt thi của tuần này.`);
			const pool = await repo.poolOf(tx, round.id);
			const questions = await findQuestionsByIds(
				tx,
				pool.map((p) => p.id)
			);
			const drawn = drawAttempt(
				questions
					.filter((q) => q.status !== 'retired')
					.map((q) => ({ id: q.id, optionCount: q.options.length })),
				round.questionCount,
				random
			);
			const attempt = await repo.insertAttempt(tx, {
				roundId: round.id,
				playerId: player.id,
				attemptNo: mine.length + 1,
				startedAt: ctx.now,
				deadline: deadlineFor(ctx.now, round.timeLimitSeconds, round.closesAt),
				questionIds: drawn.questionIds,
				optionOrders: drawn.optionOrders,
				prediction: input.prediction ?? null
			});
			return { attemptId: attempt.id, resumed: false };
		});
	} catch (error) {
		if (isUniqueViolation(error, 'attempts_round_player_no_idx')) throw conflict(ALREADY_STARTED);
		throw error;
	}
}

/** The attempt of the player (by account or guest token); anyone else's is 404. */
async function loadOwnAttempt(db: Db, ctx: PlayCtx, attemptId: number, lock = false) {
	if (!ctx.actor && !ctx.guest) throw unauthenticated();
	const found = await repo.findAttemptContext(db, attemptId, lock);
	if (!found || !owns(ctx, found.player)) throw notFound('Không tìm thấy lượt thi.');
	authorizeTake(ctx, found.contest);
	return found;
}

/**
 * What the player's screen shows. While the round runs: the questions in the drawn order,
 * options in the attempt's shuffled order under ids of this attempt only (`optionIds`), and
 * the saved answers as those ids — never a correct answer, an explanation or a bank index.
 * After the round closes: the key (as the same ids) and explanations.
 */
export async function getAttempt(ctx: PlayCtx, attemptId: number) {
	const key = await antiAbuseKey(ctx.db);
	const own = await loadOwnAttempt(ctx.db, ctx, attemptId);
	const { round, contest } = own;
	let attempt = own.attempt;
	if (isExpiredRunning(attempt, ctx.now)) {
		await ctx.db.transaction((tx) =>
			repo.closeExpired(tx, round.id, ctx.now, { attemptId: attempt.id })
		);
		attempt = (await repo.findAttempt(ctx.db, attemptId))!;
	}
	const [questions, answers] = await Promise.all([
		findQuestionsByIds(ctx.db, attempt.questionIds),
		repo.answersOf(ctx.db, attempt.id)
	]);
	const byId = new Map(questions.map((q) => [q.id, q]));
	const saved = new Map(answers.map((a) => [a.questionId, a]));
	const finished = attempt.finishedAt !== null;
	const revealed = roundPhase(round, ctx.now) === 'closed';
	// The player's own place: final once the round has closed, provisional before (the real
	// figure of the prediction question is not known yet). It reveals no other player's score.
	const rank = finished
		? await repo.rankOfPlayer(
				ctx.db,
				round.id,
				attempt.playerId,
				contest.tieBreaks,
				await repo.actualFigure(ctx.db, round, contest.predictionKind)
			)
		: null;
	return {
		contest: { id: contest.id, title: contest.title },
		round: { id: round.id, title: round.title, predictionQuestion: round.predictionQuestion },
		attempt: {
			id: attempt.id,
			attemptNo: attempt.attemptNo,
			startedAt: attempt.startedAt,
			deadline: attempt.deadline,
			finished,
			timedOut: attempt.timedOut,
			correct: finished ? attempt.correctCount : null,
			durationMs: finished ? attempt.durationMs : null,
			total: attempt.questionIds.length,
			prediction: attempt.prediction
		},
		rank: rank ? { ...rank, provisional: !revealed } : null,
		revealed,
		questions: attempt.questionIds.map((id, i) => {
			const q = byId.get(id)!;
			const ids = optionIds(key, attempt.id, id, q.options.length);
			const answer = saved.get(id)?.answer ?? null;
			return {
				id,
				number: i + 1,
				type: q.type,
				prompt: q.prompt,
				options: attempt.optionOrders[i]!.map((index) => ({
					id: ids[index]!,
					text: q.options[index]!
				})),
				answer: Array.isArray(answer) ? answer.map((index) => ids[index]!) : answer,
				...(revealed
					? {
							solution: {
								correct: q.correct.map((index) => ids[index]!),
								acceptedAnswers: q.acceptedAnswers,
								explanation: q.explanation,
								source: q.source,
								right: saved.get(id)?.correct ?? false
							}
						}
					: {})
			};
		})
	};
}

const TOO_LATE = 'Đã hết giờ làm bài: câu trả lời không được ghi nhận.';

export interface AnswerInput {
	questionId: number;
	/** The ids of the chosen options, as this attempt's page gave them. */
	choice: string[];
	text?: string;
}

const NOT_AN_OPTION = 'Phương án đã chọn không thuộc lượt thi này. Vui lòng tải lại trang.';

/**
 * Saves answers inside the caller's transaction, after the attempt checks: one read, one
 * write. Option ids are mapped back to bank indexes with the installation's `key`.
 */
async function saveMany(tx: Db, key: string, attempt: Attempt, inputs: AnswerInput[], now: Date) {
	if (inputs.length === 0) return;
	for (const input of inputs)
		if (!attempt.questionIds.includes(input.questionId))
			throw invalid('Câu hỏi không thuộc lượt thi này.', {
				questionId: ['Câu hỏi không thuộc lượt thi này.']
			});
	const byId = new Map(
		(
			await findQuestionsByIds(
				tx,
				inputs.map((a) => a.questionId)
			)
		).map((q) => [q.id, q])
	);
	const rows = new Map<number, { answer: number[] | string; correct: boolean }>();
	for (const input of inputs) {
		const question = byId.get(input.questionId)!;
		let answer: number[] | string;
		if (question.type === 'short') answer = (input.text ?? '').trim();
		else {
			const ids = optionIds(key, attempt.id, question.id, question.options.length);
			const chosen = chosenIndexes(ids, input.choice);
			if (!chosen) throw invalid(NOT_AN_OPTION, { choice: [NOT_AN_OPTION] });
			answer = question.type === 'multiple' ? [...new Set(chosen)] : chosen.slice(0, 1);
		}
		// The last answer to a question in one request wins.
		rows.set(question.id, { answer, correct: isCorrect(question, answer) });
	}
	await repo.upsertAnswers(
		tx,
		attempt.id,
		[...rows].map(([questionId, r]) => ({ questionId, ...r })),
		now
	);
}

/** Saves answers as the player goes; refused after the deadline plus the grace. */
export async function saveAnswers(ctx: PlayCtx, attemptId: number, answers: AnswerInput[]) {
	const key = await antiAbuseKey(ctx.db);
	return ctx.db.transaction(async (tx) => {
		const { attempt } = await loadOwnAttempt(tx, ctx, attemptId, true);
		if (attempt.finishedAt !== null) throw conflict('Bài thi đã nộp, không thể sửa câu trả lời.');
		if (!acceptsAnswersAt(attempt.deadline, ctx.now)) throw conflict(TOO_LATE);
		await saveMany(tx, key, attempt, answers, ctx.now);
		return { saved: answers.length };
	});
}

/** One answer: what the page sends when the player picks an option. */
export async function saveAnswer(ctx: PlayCtx, attemptId: number, input: AnswerInput) {
	return saveAnswers(ctx, attemptId, [input]);
}

/**
 * Ends the attempt, saving the last answers first. Within the deadline plus grace it ends
 * now; later the server closes it at the deadline and the late answers are not counted.
 */
export async function submitAttempt(ctx: PlayCtx, attemptId: number, answers: AnswerInput[] = []) {
	const key = await antiAbuseKey(ctx.db);
	return ctx.db.transaction(async (tx) => {
		const { attempt } = await loadOwnAttempt(tx, ctx, attemptId, true);
		if (attempt.finishedAt !== null) throw conflict('Bài thi đã được nộp.');
		const late = !acceptsAnswersAt(attempt.deadline, ctx.now);
		if (!late) await saveMany(tx, key, attempt, answers, ctx.now);
		const finishedAt = late || ctx.now > attempt.deadline ? attempt.deadline : ctx.now;
		const done = await repo.finishAttempt(tx, attempt.id, { finishedAt, timedOut: late });
		return {
			correct: done.correctCount!,
			total: done.questionIds.length,
			durationMs: done.durationMs!,
			late
		};
	});
}

// ---- Leaderboards and reports -----------------------------------------------------------

/**
 * @public A round's leaderboard is public once the round has closed (scores are secret until
 * then, checked here), and open to its organizers at any time. With `withinUnitId`, the leaderboard of one unit's subtree.
 * The viewer's own rank comes with it even when far down.
 */
export async function getLeaderboard(
	ctx: PlayCtx,
	roundId: number,
	options: { limit?: number; withinUnitId?: number } = {}
) {
	const { round, contest } = await loadRound(ctx.db, roundId);
	const manager = can(ctx.actor, 'contest.manage', contestResource(contest));
	if (!manager && roundPhase(round, ctx.now) !== 'closed')
		throw conflict('Bảng xếp hạng được công bố sau khi tuần thi kết thúc.');
	const unit = options.withinUnitId ? await findActiveUnit(ctx.db, options.withinUnitId) : null;
	await closeExpiredAttempts(ctx.db, round, ctx.now);
	const actual = await repo.actualFigure(ctx.db, round, contest.predictionKind);
	const top = await repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, {
		limit: Math.min(options.limit ?? 100, 500),
		withinPath: unit?.path
	});
	const player = await takerOf(ctx.db, ctx, contest);
	const me = player
		? await repo.rankOfPlayer(ctx.db, round.id, player.id, contest.tieBreaks, actual, unit?.path)
		: null;
	return {
		round: publicRound(round, ctx.now),
		actual,
		unitName: unit?.name ?? null,
		rows: top.map((r) => ({ ...r, mine: r.playerId === player?.id })),
		me,
		winners: await repo.winnersOf(ctx.db, round.id)
	};
}

/** @public The overall leaderboard counts closed rounds only, so it holds no secret score. */
export async function getOverallLeaderboard(ctx: Ctx, contestId: number) {
	await loadContest(ctx.db, contestId);
	return (await overallBoard(ctx, contestId, 100)).rows;
}

async function overallBoard(ctx: Ctx, contestId: number, limit: number) {
	const rounds = await repo.listRounds(ctx.db, contestId);
	const closed = rounds.filter((r) => roundPhase(r, ctx.now) === 'closed');
	// Attempts left running at the close count too, as on each round's board.
	for (const r of closed) await closeExpiredAttempts(ctx.db, r, ctx.now);
	const rows = await repo.overallTop(
		ctx.db,
		closed.map((r) => r.id),
		limit
	);
	return { closed, rows };
}

/**
 * Participation per unit of the organizer's reach: participants against member count, rolled
 * up the tree (each parent = its own + its children), for one round or the whole contest.
 */
export async function participationReport(
	ctx: Ctx,
	contestId: number,
	options: { roundId?: number; unitId?: number } = {}
) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	authorize(actor, 'contest.manage', contestResource(contest));
	let rootPath = contest.unitPath;
	if (options.unitId) {
		const unit = await findActiveUnit(ctx.db, options.unitId);
		if (!unit || !unit.path.startsWith(contest.unitPath)) throw notFound('Không tìm thấy đơn vị.');
		rootPath = unit.path;
	}
	let round: ContestRound | null = null;
	if (options.roundId) {
		round = await repo.findRound(ctx.db, options.roundId);
		if (!round || round.contestId !== contest.id) throw notFound('Không tìm thấy tuần thi.');
		await closeExpiredAttempts(ctx.db, round, ctx.now);
	}
	const [unitRows, counts] = await Promise.all([
		repo.unitsUnder(ctx.db, rootPath),
		repo.participantsByUnit(ctx.db, contest.id, round?.id ?? null, rootPath)
	]);
	const own = new Map(counts.map((c) => [c.unitId, c.n]));
	const rows = rollUpParticipation(unitRows.map((u) => ({ ...u, own: own.get(u.id) ?? 0 })));
	const rootDepth = rows[0]?.depth ?? 0;
	const rankings = rankUnits(rows.filter((r) => r.depth === rootDepth + 1));
	return {
		contest: { id: contest.id, title: contest.title },
		round: round ? { id: round.id, title: round.title } : null,
		rows: rows.map((r) => ({ ...r, share: formatShare(r.participants, r.memberCount) })),
		rankings: {
			byCount: rankings.byCount.map((r) => ({
				id: r.id,
				name: r.name,
				participants: r.participants
			})),
			byRate: rankings.byRate.map((r) => ({ id: r.id, name: r.name, rate: r.rate! }))
		}
	};
}

export async function exportParticipation(
	ctx: Ctx,
	contestId: number,
	options: { roundId?: number; unitId?: number } = {}
): Promise<ExportBook> {
	requireActor(ctx);
	const report = await participationReport(ctx, contestId, options);
	const base = report.rows[0]?.depth ?? 0;
	return {
		filename: `bao-cao-tham-gia-${contestId}${report.round ? `-tuan-${report.round.id}` : ''}`,
		sheets: [
			table(
				'Tham gia',
				[
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.name },
					{ header: 'Mã', kind: 'text', value: (r) => r.code },
					{ header: 'Cấp', kind: 'number', value: (r) => r.depth - base + 1 },
					{ header: 'Số người tham gia', kind: 'number', value: (r) => r.participants },
					{ header: 'Số đoàn viên', kind: 'number', value: (r) => r.memberCount },
					{ header: 'Tỷ lệ', kind: 'percent', value: (r) => r.rate },
					{ header: 'Báo cáo', kind: 'text', value: (r) => r.share }
				],
				report.rows
			)
		]
	};
}

// ---- Downloads of the boards (organizers) ---------------------------------------------------

/** A bound so one download cannot exhaust the server's memory; the file says when it is hit. */
const BOARD_EXPORT_MAX_ROWS = 100_000;

/** The title of a board's file, saying so when it holds only the first places. */
const boardTitle = (title: string, rows: number) =>
	rows >= BOARD_EXPORT_MAX_ROWS
		? `${title} — ${formatNumber(BOARD_EXPORT_MAX_ROWS)} người đứng đầu`
		: title;

/** A row of a board; a winner whose entry was voided since has no figures. */
type BoardRow = Pick<repo.LeaderRow, 'fullName' | 'unitName'> &
	Partial<Pick<repo.LeaderRow, 'correct' | 'prediction' | 'durationMs' | 'finishedAt'>>;

/** The columns of a round's entries, as the board ranks them. */
function entryColumns<R extends BoardRow>(actual: number): Column<R>[] {
	return [
		{ header: 'Họ và tên', kind: 'text', value: (r) => r.fullName },
		{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
		{ header: 'Số câu đúng', kind: 'number', value: (r) => r.correct },
		{ header: 'Dự đoán', kind: 'number', value: (r) => r.prediction },
		{
			header: 'Chênh lệch dự đoán',
			kind: 'number',
			value: (r) => (r.prediction == null ? null : Math.abs(r.prediction - actual))
		},
		{
			header: 'Thời gian làm bài (giây)',
			kind: 'number',
			decimals: 1,
			value: (r) => (r.durationMs == null ? null : r.durationMs / 1000)
		},
		{ header: 'Nộp bài lúc', kind: 'datetime', value: (r) => r.finishedAt }
	];
}

/** A round of the contest that the actor manages, its expired attempts closed, and its figure. */
async function loadManagedRoundBoard(ctx: Ctx, contestId: number, roundId: number) {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	const round = await repo.findRound(ctx.db, roundId);
	if (!round || round.contestId !== contest.id) throw notFound('Không tìm thấy tuần thi.');
	await closeExpiredAttempts(ctx.db, round, ctx.now);
	const actual = await repo.actualFigure(ctx.db, round, contest.predictionKind);
	const closed = roundPhase(round, ctx.now) === 'closed';
	const title =
		`${contest.title} — ${round.title}${closed ? '' : ' (tạm thời: tuần thi chưa kết thúc)'}` +
		` · Số thực tế cho câu hỏi dự đoán: ${formatNumber(actual)}`;
	return { contest, round, actual, title };
}

/** A round's whole leaderboard, with each winner's prize once published. */
export async function exportRoundLeaderboard(
	ctx: Ctx,
	contestId: number,
	roundId: number
): Promise<ExportBook> {
	const { contest, round, actual, title } = await loadManagedRoundBoard(ctx, contestId, roundId);
	const [rows, winners] = await Promise.all([
		repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, { limit: BOARD_EXPORT_MAX_ROWS }),
		repo.winnersOf(ctx.db, round.id)
	]);
	const prizes = new Map(winners.map((w) => [w.playerId, w.tier]));
	const columns: Column<repo.LeaderRow>[] = [
		{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
		...entryColumns<repo.LeaderRow>(actual),
		{ header: 'Giải', kind: 'text', value: (r) => prizes.get(r.playerId) ?? '' }
	];
	return {
		filename: `bang-xep-hang-cuoc-thi-${contest.id}-tuan-${round.id}`,
		sheets: [
			table(`Xếp hạng ${round.title}`, columns, rows, { title: boardTitle(title, rows.length) })
		]
	};
}

/** A round's published winners, by prize, with the figures that ranked them. */
export async function exportRoundWinners(
	ctx: Ctx,
	contestId: number,
	roundId: number
): Promise<ExportBook> {
	const { contest, round, actual, title } = await loadManagedRoundBoard(ctx, contestId, roundId);
	if (!round.winnersPublishedAt) throw conflict('Tuần thi này chưa công bố giải.');
	const winners = await repo.winnersOf(ctx.db, round.id);
	// Voiding only removes entries, so a winner is at or above their published rank.
	const entries = await repo.topOfRound(ctx.db, round.id, contest.tieBreaks, actual, {
		limit: Math.max(1, ...winners.map((w) => w.rank))
	});
	const byPlayer = new Map(entries.map((e) => [e.playerId, e]));
	const rows = winners.map((w) => ({ ...byPlayer.get(w.playerId), ...w }));
	const columns: Column<(typeof rows)[number]>[] = [
		{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
		{ header: 'Giải', kind: 'text', value: (r) => r.tier },
		...entryColumns<(typeof rows)[number]>(actual)
	];
	return {
		filename: `danh-sach-dat-giai-cuoc-thi-${contest.id}-tuan-${round.id}`,
		sheets: [table(`Đạt giải ${round.title}`, columns, rows, { title })]
	};
}

/** The overall board over the closed rounds, in full. */
export async function exportOverallLeaderboard(ctx: Ctx, contestId: number): Promise<ExportBook> {
	const actor = requireActor(ctx);
	const contest = await loadManaged(ctx.db, actor, contestId);
	const { closed, rows } = await overallBoard(ctx, contest.id, BOARD_EXPORT_MAX_ROWS);
	const rounds = closed.map((r) => r.title).join(', ') || 'chưa có tuần nào kết thúc';
	return {
		filename: `bang-xep-hang-tong-cuoc-thi-${contest.id}`,
		sheets: [
			table(
				'Bảng tổng',
				[
					{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
					{ header: 'Họ và tên', kind: 'text', value: (r) => r.fullName },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
					{ header: 'Tổng số câu đúng', kind: 'number', value: (r) => r.correct },
					{
						header: 'Tổng thời gian làm bài (giây)',
						kind: 'number',
						decimals: 1,
						value: (r) => r.durationMs / 1000
					}
				],
				rows,
				{
					title: boardTitle(
						`${contest.title} — Bảng tổng các tuần đã kết thúc (${rounds})`,
						rows.length
					)
				}
			)
		]
	};
}
