import { sseResponse } from '../realtime/sse';
import { subscribe } from './hub';
import type { Snapshot } from './view';

/** The SSE response of a live screen: current state at once, then every change. */
export function liveStream(target: {
	gameId: number;
	playerId: number | null;
	load: () => Promise<Snapshot>;
}): Response {
	return sseResponse((sink) =>
		subscribe(target.gameId, { playerId: target.playerId, send: sink.send }, target.load)
	);
}
