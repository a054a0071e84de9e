/**
 * Which sound the big screen plays between two moments of a game: pure, so the choice is
 * tested without a browser. The sounds themselves are drawn by `sounds.ts`.
 */
import type { PublicGame } from '$lib/shared/live';

export type Sound = 'tick' | 'fall' | 'bell';

/** What the screen shows at one moment: the game and the whole seconds left on the clock. */
export interface Moment {
	game: PublicGame;
	/** Whole seconds shown by the countdown; null when no countdown runs. */
	secondsLeft: number | null;
}

/** The countdown ticks over its last seconds. */
export const TICK_FROM = 5;

/**
 * The sound for going from `prev` to `next`, or null. Nothing on the first moment (opening
 * the page is not an event); the golden bell when the game ends with a winner; the fall when
 * a reveal eliminates players; a tick for each of the last seconds of an open question.
 */
export function soundFor(prev: Moment | null, next: Moment): Sound | null {
	if (!prev) return null;
	const before = prev.game;
	const now = next.game;
	if (now.state === 'finished') {
		const rang = before.state !== 'finished' && (now.results?.some((r) => r.winner) ?? false);
		return rang ? 'bell' : null;
	}
	if (now.state === 'revealed' && before.state !== 'revealed' && now.counts.fellNow > 0)
		return 'fall';
	const sameQuestion = before.question?.number === now.question?.number;
	const left = next.secondsLeft;
	if (
		now.state === 'open' &&
		before.state === 'open' &&
		sameQuestion &&
		left !== null &&
		left > 0 &&
		left <= TICK_FROM &&
		left !== prev.secondsLeft
	)
		return 'tick';
	return null;
}
