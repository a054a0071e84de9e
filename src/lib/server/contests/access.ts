/** Who may see and take part in a contest, and loading what a use case acts on. */
import type { Actor } from '../auth/actor';
import { authorize, can, canTakeAsGuest } from '../auth/policy';
import { sessionIdFromToken } from '../auth';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Contest, ContestPlayer, ContestRound } from '../db/schema';
import { conflict, notFound, unauthenticated } from '../errors';
import type { Check } from '../usecase';
import * as repo from './repo';
import { expiryPossible, roundPhase } from './rules';

export const NOT_FOUND = 'Không tìm thấy cuộc thi.';

export function contestResource(contest: Pick<Contest, 'unitPath' | 'scope'>) {
	return { kind: 'contest', unitPath: contest.unitPath, scope: contest.scope } as const;
}

/** Managing a contest; others get 404 so nothing about it leaks. */
export const manageCheck = (contest: Contest): Check => ({
	action: 'contest.manage',
	resource: contestResource(contest),
	hidden: NOT_FOUND
});

export async function loadContest(db: Db, id: number, lock = false): Promise<Contest> {
	const contest = await repo.findContest(db, id, lock);
	if (!contest) throw notFound(NOT_FOUND);
	return contest;
}

/** A contest the actor manages; others get 404 so nothing about it leaks. */
export async function loadManaged(db: Db, actor: Actor, id: number): Promise<Contest> {
	const contest = await repo.findContest(db, id);
	if (!contest || !can(actor, 'contest.manage', contestResource(contest)))
		throw notFound(NOT_FOUND);
	return contest;
}

/**
 * A contest people may register for and play: a draft (a copy not yet published) is not found,
 * even by its organizers, so nobody enters it before it is public.
 */
export async function loadPublishedContest(db: Db, id: number): Promise<Contest> {
	const contest = await loadContest(db, id);
	if (contest.draft) throw notFound(NOT_FOUND);
	return contest;
}

/** A draft is shown to its organizers only (to review it); anyone else is told it is not found. */
export function refuseDraft(actor: Actor | null, contest: Contest) {
	if (contest.draft && !can(actor, 'contest.manage', contestResource(contest)))
		throw notFound(NOT_FOUND);
}

export async function loadRound(db: Db, id: number, lock = false) {
	const round = await repo.findRound(db, id, lock);
	if (!round) throw notFound('Không tìm thấy tuần thi.');
	return { round, contest: await loadContest(db, round.contestId) };
}

/** The fields of a round anyone may read: nothing about answers or other players. */
export function publicRound(round: ContestRound, now: Date) {
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
	/**
	 * The connection outside any transaction: installation-wide values cached by it (the
	 * option-id key) are found again inside a use case without a query.
	 */
	root?: Db;
}

/** Taking part: the policy for signed-in people; without an account, public contests only. */
export function authorizeTake(ctx: Pick<PlayCtx, 'actor'>, contest: Contest) {
	const resource = contestResource(contest);
	if (ctx.actor) authorize(ctx.actor, 'contest.take', resource);
	else if (!canTakeAsGuest(resource)) throw unauthenticated();
}

/** The registration of whoever plays: by account, or by the guest token in a public contest. */
export async function takerOf(
	db: Db,
	ctx: Pick<PlayCtx, 'actor' | 'guest'>,
	contest: Contest
): Promise<ContestPlayer | null> {
	if (ctx.actor) return repo.findPlayerOfUser(db, contest.id, ctx.actor.id);
	if (!ctx.guest || !canTakeAsGuest(contestResource(contest))) return null;
	return repo.findPlayerOfGuest(db, contest.id, sessionIdFromToken(ctx.guest));
}

function owns(ctx: Pick<PlayCtx, 'actor' | 'guest'>, player: ContestPlayer): boolean {
	if (ctx.actor) return player.userId === ctx.actor.id;
	return (
		!!ctx.guest &&
		player.guestTokenHash !== null &&
		player.guestTokenHash === sessionIdFromToken(ctx.guest)
	);
}

export async function playerOf(
	db: Db,
	ctx: Pick<PlayCtx, 'actor' | 'guest'>,
	contest: Contest
): Promise<ContestPlayer> {
	const player = await takerOf(db, ctx, contest);
	if (!player) throw conflict('Bạn cần đăng ký dự thi trước.');
	if (player.voidedAt) throw conflict(`Kết quả dự thi của bạn đã bị huỷ: ${player.voidReason}`);
	return player;
}

/** The attempt of the player (by account or guest token); anyone else's is 404. */
export async function loadOwnAttempt(
	db: Db,
	ctx: Pick<PlayCtx, 'actor' | 'guest'>,
	attemptId: number,
	lock = false
) {
	if (!ctx.actor && !ctx.guest) throw unauthenticated();
	const found = await repo.findAttemptContext(db, attemptId, lock);
	if (!found || !owns(ctx, found.player)) throw notFound('Không tìm thấy lượt thi.');
	authorizeTake(ctx, found.contest);
	return found;
}

/**
 * Ends expired attempts in a transaction of their own: reads call it so that boards, reports
 * and the player's page count them. Housekeeping without an actor or an audit entry.
 */
export function closeExpiredNow(db: Db, roundId: number, now: Date, only?: repo.ExpiredScope) {
	return db.transaction((tx) => repo.closeExpired(tx, roundId, now, only));
}

/**
 * Ends the round's attempts past their deadline plus grace, so boards and reports count them.
 * Pages call it on every view, so it writes only when there is something to close: the round
 * row says whether any attempt can have expired yet, then a lock-free read whether one has.
 */
export async function closeExpiredAttempts(db: Db, round: ContestRound, now: Date) {
	if (!expiryPossible(round, now)) return;
	if (!(await repo.hasExpiredRunning(db, round.id, now))) return;
	await closeExpiredNow(db, round.id, now);
}
