import type { ServerResponse } from 'node:http';
import { sseResponse, sseToNode, type SseSink } from '../realtime/sse';
import { subscribe } from './hub';
import type { Audience, Snapshot } from './view';

export interface StreamTarget {
	gameId: number;
	audience: Audience;
	playerId: number | null;
	load: () => Promise<Snapshot>;
}

/** Current state at once, then every change. */
const follow = (target: StreamTarget) => (sink: SseSink) =>
	subscribe(
		target.gameId,
		{ audience: target.audience, playerId: target.playerId, send: sink.send },
		target.load
	);

/** The SSE response of a live screen. */
export function liveStream(target: StreamTarget): Response {
	return sseResponse(follow(target));
}

/** The same stream written by a node route (headers already sent). */
export function liveStreamToNode(res: ServerResponse, target: StreamTarget): void {
	sseToNode(res, follow(target));
}
