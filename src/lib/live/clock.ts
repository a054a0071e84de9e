import type { Countdown } from '$lib/countdown.svelte';
import type { PublicGame } from '$lib/shared/live';

/**
 * Milliseconds left on the question on screen: a paused question keeps what was left; a
 * question without a deadline (closed, revealed) has no countdown. Shared by the timer and
 * the big screen's ticking, so the tick and the number shown never disagree.
 */
export function questionLeft(game: PublicGame, clock: Countdown, receivedAt: number) {
	const q = game.question;
	if (!q) return null;
	if (q.remainingMs !== null) return q.remainingMs;
	if (q.deadlineAt === null) return null;
	return clock.left(q.deadlineAt, game.serverNow, receivedAt);
}

/** The whole seconds a countdown shows for `ms` left. */
export const shownSeconds = (ms: number) => Math.ceil(ms / 1000);
