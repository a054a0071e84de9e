/** A real `text/event-stream` response: one `state` event per push, a comment as heartbeat. */
export interface SseSink {
	send(data: string): void;
}

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

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

export function sseResponse(
	start: (sink: SseSink) => (() => void) | Promise<() => void>
): Response {
	let stop: (() => void) | null = null;
	let heartbeat: ReturnType<typeof setInterval> | null = null;
	let closed = false;
	const cleanup = () => {
		closed = true;
		if (heartbeat) clearInterval(heartbeat);
		stop?.();
		stop = null;
	};
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const write = (chunk: Uint8Array) => {
				if (closed) return;
				try {
					controller.enqueue(chunk);
				} catch {
					cleanup();
				}
			};
			write(RETRY);
			heartbeat = setInterval(() => write(PING), HEARTBEAT_MS);
			const unsubscribe = await start({ send: (data) => write(encodeEvent(data)) });
			if (closed) unsubscribe();
			else stop = unsubscribe;
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
}
