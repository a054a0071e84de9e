import { Writable } from 'node:stream';
import { createLogger, setLogger } from '../log';
import { registry } from '../metrics';

/** The process's logger swapped for one whose JSON lines the test reads back. */
export function captureLogs() {
	const text: string[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			text.push(chunk.toString('utf8'));
			done();
		}
	});
	setLogger(createLogger('debug', sink));
	return {
		raw: () => text.join(''),
		lines: () =>
			text
				.join('')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Record<string, unknown>),
		restore: () => setLogger(null)
	};
}

/**
 * A sample's value read from the exposition text as Prometheus reads it (`name{a="b"} 3`),
 * 0 when the series does not exist yet. `labels` must all match; others may be present.
 */
export async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
	const text = await registry.metrics();
	for (const line of text.split('\n')) {
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!match || match[1] !== name) continue;
		const found = Object.fromEntries(
			[...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]])
		);
		if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
	}
	return 0;
}
