// Client side of live games: follow a game's SSE stream and keep the newest state.

/** The longest wait between two tries while the host's laptop restarts. */
const MAX_RETRY_MS = 10_000;

/**
 * Keeps the newest version. EventSource reconnects by itself (to any node) after a dropped
 * stream, but gives up for good when a try is answered with an error (a proxy's 502 while the
 * host's laptop restarts): then a new one is opened after a growing pause.
 */
export function followStream<T>(
	url: string,
	version: (value: T) => number,
	apply: (value: T) => void
) {
	let newest = -1;
	let source: EventSource | null = null;
	let retry: ReturnType<typeof setTimeout> | undefined;
	let pause = 1_000;
	let stopped = false;

	const open = () => {
		const current = new EventSource(url);
		source = current;
		// Lets tests (and curious users) see that the page follows the game live.
		current.addEventListener('open', () => {
			pause = 1_000;
			document.documentElement.dataset.live = 'on';
		});
		current.addEventListener('error', () => {
			document.documentElement.dataset.live = 'reconnecting';
			if (stopped || current.readyState !== EventSource.CLOSED) return;
			retry = setTimeout(open, pause);
			pause = Math.min(pause * 2, MAX_RETRY_MS);
		});
		current.addEventListener('state', (event) => {
			const value = JSON.parse((event as MessageEvent<string>).data) as T;
			const v = version(value);
			if (v < newest) return;
			newest = v;
			apply(value);
		});
	};
	open();
	return () => {
		stopped = true;
		clearTimeout(retry);
		source?.close();
		delete document.documentElement.dataset.live;
	};
}
