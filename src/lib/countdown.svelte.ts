/**
 * The one countdown of the browser (a live question, a contest attempt): time left on the
 * server's clock, since a phone's own clock may be wrong. The page knows the server's time
 * when its data was received (`serverNow`) and the local time then (`receivedAt`); what has
 * elapsed since is measured locally.
 */
export class Countdown {
	now = $state(Date.now());

	/** Ticks every `everyMs`; returns the stop, so `$effect(() => clock.start())` cleans up. */
	start(everyMs = 200) {
		const timer = setInterval(() => (this.now = Date.now()), everyMs);
		return () => clearInterval(timer);
	}

	/** Milliseconds left until `deadline` (server clock), never below zero. */
	left(deadline: number, serverNow: number, receivedAt: number): number {
		return Math.max(0, deadline - serverNow - (this.now - receivedAt));
	}
}
