// Client side of live games: follow a game's SSE stream and keep the newest state.
import type { PublicGame } from '$lib/shared/live';

/** Keeps the newest version; EventSource reconnects by itself (to any node). */
export function followStream<T>(
	url: string,
	version: (value: T) => number,
	apply: (value: T) => void
) {
	let newest = -1;
	const source = new EventSource(url);
	// Lets tests (and curious users) see that the page follows the game live.
	source.addEventListener('open', () => (document.documentElement.dataset.live = 'on'));
	source.addEventListener('error', () => (document.documentElement.dataset.live = 'reconnecting'));
	source.addEventListener('state', (event) => {
		const value = JSON.parse((event as MessageEvent<string>).data) as T;
		const v = version(value);
		if (v < newest) return;
		newest = v;
		apply(value);
	});
	return () => {
		source.close();
		delete document.documentElement.dataset.live;
	};
}

/** Milliseconds left, using the server's clock (its `serverNow` against ours at receipt). */
export class Countdown {
	now = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | null = null;

	start() {
		this.#timer = setInterval(() => (this.now = Date.now()), 200);
		return () => {
			if (this.#timer) clearInterval(this.#timer);
		};
	}

	left(game: PublicGame, receivedAt: number): number | null {
		const q = game.question;
		if (!q) return null;
		if (q.remainingMs !== null) return q.remainingMs;
		if (q.deadlineAt === null) return null;
		const offset = game.serverNow - receivedAt;
		return Math.max(0, q.deadlineAt - (this.now + offset));
	}
}
