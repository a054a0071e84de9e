import type { ServerResponse } from 'node:http';
import { log } from '../log';
import { openStreams } from '../metrics';

/** A real `text/event-stream` response: one `state` event per push, a comment as heartbeat. */
export interface SseSink {
	send(data: string): void;
}

type Start = (sink: SseSink) => (() => void) | Promise<() => void>;

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export const SSE_HEADERS: Readonly<Record<string, string>> = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-cache, no-transform',
	connection: 'keep-alive',
	'x-accel-buffering': 'no'
};

/**
 * The last event encoded: a broadcast sends one string to thousands of streams in a row, so it
 * is encoded once and the same bytes are queued to each (nothing writes into them).
 */
let lastEvent: { data: string; bytes: Uint8Array } | null = null;

function encodeEvent(data: string): Uint8Array {
	if (lastEvent?.data !== data)
		lastEvent = { data, bytes: encoder.encode(`event: state\ndata: ${data}\n\n`) };
	return lastEvent.bytes;
}

// Reconnect quickly: a node that went away is replaced by another at once.
const RETRY = encoder.encode('retry: 1000\n\n');
const PING = encoder.encode(': ping\n\n');
/**
 * The last words of a stream whose node is shutting down. EventSource reconnects by itself when
 * a stream ends, after the retry delay (shortened here); by then this node has stopped listening,
 * so the balancer sends the new connection to another node. The event says why, for a client
 * or a person reading the stream.
 */
const RECONNECT_EVENT = 'event: reconnect\ndata: {"reason":"shutdown"}\nretry: 250\n\n';
const RECONNECT = encoder.encode(RECONNECT_EVENT);

/** How each open stream ends when the node shuts down. */
const enders = new Set<() => void>();
let ending = false;

/**
 * Shutdown: every open stream is told to reconnect and ended, and so is any stream opened from
 * now on (a request already on a kept-alive connection). Returns how many were open.
 */
export function endStreams(): number {
	ending = true;
	const count = enders.size;
	for (const end of [...enders]) end();
	return count;
}

/**
 * One stream over any transport: the retry hint, a heartbeat, then `start`'s subscription.
 * `close` (the reader went away) ends it; `fail` is told when the subscription could not start.
 */
function runStream(
	write: (chunk: Uint8Array) => void,
	finish: (last: Uint8Array) => void,
	start: Start,
	fail: (error: unknown) => void
) {
	let stop: (() => void) | null = null;
	let closed = false;
	const send = (chunk: Uint8Array) => {
		if (!closed) write(chunk);
	};
	send(RETRY);
	openStreams.inc();
	const heartbeat = setInterval(() => send(PING), HEARTBEAT_MS);
	const close = () => {
		if (closed) return;
		closed = true;
		enders.delete(end);
		openStreams.dec();
		clearInterval(heartbeat);
		stop?.();
		stop = null;
	};
	const end = () => {
		if (closed) return;
		close();
		finish(RECONNECT);
	};
	if (ending) {
		end();
		return close;
	}
	enders.add(end);
	Promise.resolve()
		.then(() => start({ send: (data) => send(encodeEvent(data)) }))
		.then(
			(unsubscribe) => {
				if (closed) unsubscribe();
				else stop = unsubscribe;
			},
			(error: unknown) => {
				close();
				fail(error);
			}
		);
	return close;
}

/** As a SvelteKit response (a web stream). */
export function sseResponse(start: Start): Response {
	let close: (() => void) | null = null;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			close = runStream(
				(chunk) => {
					try {
						controller.enqueue(chunk);
					} catch {
						close?.();
					}
				},
				(last) => {
					try {
						controller.enqueue(last);
						controller.close();
					} catch {
						// the reader is already gone
					}
				},
				start,
				(error) => controller.error(error)
			);
		},
		cancel() {
			close?.();
		}
	});
	return new Response(stream, { headers: SSE_HEADERS });
}

/**
 * Straight onto a node response (headers already written): each push is one socket write in
 * the broadcast loop, without a web stream's queue and read per chunk in between.
 */
export function sseToNode(res: ServerResponse, start: Start): void {
	const close = runStream(
		(chunk) => void res.write(chunk),
		(last) => void res.end(last),
		start,
		(error) => {
			log().error({ err: error }, 'event stream failed');
			res.destroy();
		}
	);
	res.on('close', close);
}
