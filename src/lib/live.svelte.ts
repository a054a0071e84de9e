// Client side of live games: follow a game's SSE stream and keep the newest state.

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
