// The live bench's clients: N phones as SSE connections, keep-alive POSTs, and the figures.
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

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
					const req = http.get({ host: '127.0.0.1', port, path, headers: headers(i) }, (res) => {
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
					});
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

export function post(port: number, path: string, body: string, headers: Record<string, string>) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, path, method: 'POST', agent, headers },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}
