// The live bench's clients: N phones as SSE connections, keep-alive POSTs, and the figures.
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * A hall's phones come from thousands of addresses; from one, the kernel's search for a free
 * source port (28,000 of them, most in TIME_WAIT after a run) made connect() cost this process
 * seconds of a core during the answer burst. Phone i connects from one of 250 loopback addresses.
 */
export const phoneAddress = (i: number) => `127.0.1.${1 + (i % 250)}`;

export const quantile = (sorted: number[], q: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
export const ms = (v: number) => `${v.toFixed(0)} ms`;

export async function waitFor(port: number, path: string) {
	for (let i = 0; i < 400; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}${path}`)).ok) return;
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`nothing listening on ${port}`);
}

export interface Client {
	onEvent(data: string): void;
}

/** Opens N SSE connections, a few hundred at a time so the accept queue keeps up. */
export async function connect(
	n: number,
	port: number,
	path: string,
	headers: (i: number) => Record<string, string>,
	make: (i: number) => Client
): Promise<http.ClientRequest[]> {
	const requests: http.ClientRequest[] = [];
	let connected = 0;
	for (let start = 0; start < n; start += 250) {
		const batch: Promise<void>[] = [];
		for (let i = start; i < Math.min(n, start + 250); i++) {
			batch.push(
				new Promise<void>((resolve, reject) => {
					const client = make(i);
					const req = http.get(
						{ host: '127.0.0.1', port, path, headers: headers(i), localAddress: phoneAddress(i) },
						(res) => {
							if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
							connected++;
							let buffer = '';
							res.setEncoding('utf8');
							res.on('data', (chunk: string) => {
								buffer += chunk;
								let end: number;
								while ((end = buffer.indexOf('\n\n')) >= 0) {
									const block = buffer.slice(0, end);
									buffer = buffer.slice(end + 2);
									const data = block
										.split('\n')
										.filter((l) => l.startsWith('data: '))
										.map((l) => l.slice(6))
										.join('\n');
									if (data) client.onEvent(data);
								}
							});
							resolve();
						}
					);
					req.on('error', reject);
					requests.push(req);
				})
			);
		}
		await Promise.all(batch);
	}
	if (connected !== n) throw new Error(`only ${connected}/${n} connected`);
	return requests;
}

/**
 * A POST on the shared keep-alive agent; `localAddress` sends it from that phone's address.
 * `reused`: it went on a kept-alive connection rather than a new one.
 */
export function post(
	port: number,
	path: string,
	body: string,
	headers: Record<string, string>,
	localAddress?: string
) {
	return new Promise<Reply>((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path, method: 'POST', agent, headers, localAddress },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: text, reused: req.reusedSocket })
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

export interface Reply {
	status: number;
	body: string;
	reused: boolean;
}

export interface Burst {
	latencies: number[];
	/**
	 * Those of the answers sent on a new connection. libuv accepts one connection per turn of
	 * the event loop, so under load these wait in the kernel's queue while kept-alive ones are
	 * read at once.
	 */
	onNewConnection: number[];
	onKeptAlive: number[];
	/** Worst latency of the answers sent in each half second: shows a stall, not just a tail. */
	worstBySlot: number[];
	accepted: number;
	refused: number;
	failed: number;
	/** From the first send to the last reply. */
	wallMs: number;
	/** This process's CPU per answer (ms): the phones' own cost, on the same machine. */
	phonesCpuMs: number;
}

/**
 * Every phone answers once, each at a random moment within `windowMs`, from its own address and
 * connection pool; `accepted` judges each reply. The same burst is sent to the app and to the
 * bare server.
 */
export async function answerBurst(
	n: number,
	windowMs: number,
	send: (i: number) => Promise<Reply>,
	accepted: (reply: Reply) => boolean
): Promise<Burst> {
	const burst: Burst = {
		latencies: [],
		onNewConnection: [],
		onKeptAlive: [],
		worstBySlot: new Array<number>(Math.ceil(windowMs / 500)).fill(0),
		accepted: 0,
		refused: 0,
		failed: 0,
		wallMs: 0,
		phonesCpuMs: 0
	};
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const one = async (i: number) => {
		const t = performance.now();
		try {
			const reply = await send(i);
			const took = performance.now() - t;
			burst.latencies.push(took);
			(reply.reused ? burst.onKeptAlive : burst.onNewConnection).push(took);
			const slot = Math.min(burst.worstBySlot.length - 1, Math.floor((t - t0) / 500));
			burst.worstBySlot[slot] = Math.max(burst.worstBySlot[slot]!, took);
			if (accepted(reply)) burst.accepted++;
			else burst.refused++;
		} catch {
			burst.failed++;
		}
	};
	await Promise.all(
		Array.from(
			{ length: n },
			(_, i) =>
				new Promise<void>((resolve) =>
					setTimeout(() => void one(i).then(resolve), Math.random() * windowMs)
				)
		)
	);
	burst.wallMs = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	burst.phonesCpuMs = (cpu.user + cpu.system) / 1000 / n;
	burst.latencies.sort((a, b) => a - b);
	burst.onNewConnection.sort((a, b) => a - b);
	burst.onKeptAlive.sort((a, b) => a - b);
	return burst;
}
