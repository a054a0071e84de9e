import { sseResponse } from '../realtime/sse';
import { subscribe } from './hub';
import type { Audience, Snapshot } from './view';

/** The SSE response of a live screen: current state at once, then every change. */
export function liveStream(target: {
	gameId: number;
	audience: Audience;
	playerId: number | null;
	load: () => Promise<Snapshot>;
}): Response {
	return sseResponse((sink) =>
		subscribe(
			target.gameId,
			{ audience: target.audience, playerId: target.playerId, send: sink.send },
			target.load
		)
	);
}
