/** A real `text/event-stream` response: one `state` event per push, a comment as heartbeat. */
export interface SseSink {
	send(data: string): void;
}

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

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
			const write = (chunk: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(chunk));
				} catch {
					cleanup();
				}
			};
			// Reconnect quickly: a node that went away is replaced by another at once.
			write('retry: 1000\n\n');
			heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
			const unsubscribe = await start({ send: (data) => write(`event: state\ndata: ${data}\n\n`) });
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
