// Where the process's log lines go: stdout, a turn of the event loop's lines in one write.
import { pino, type DestinationStream } from 'pino';

export interface LineSink {
	write(text: string): unknown;
}

/** What each stream still holds, written when the process exits: one listener for them all. */
const atExit = new Set<() => void>();
process.once('exit', () => atExit.forEach((flush) => flush()));

/**
 * Lines written during one turn of the event loop go to `sink` together, in one write, after the
 * turn; what is pending when the process exits is written then. pino's own asynchronous
 * destination appends each line to its pending text and measures that text again: a copy of up
 * to 16 KB per line in a burst, a third of the garbage of a hall answering at once.
 */
export function coalesced(sink: LineSink): DestinationStream & { flush(): void } {
	let pending: string[] = [];
	const flush = () => {
		if (pending.length === 0) return;
		const text = pending.join('');
		pending = [];
		sink.write(text);
	};
	atExit.add(flush);
	return {
		write(line: string) {
			if (pending.push(line) === 1) setImmediate(flush);
		},
		flush
	};
}

/** Stdout, written synchronously (sonic-boom waits out a full pipe), a turn's lines at once. */
export function coalescedStdout(): DestinationStream {
	return coalesced(pino.destination({ dest: 1, sync: true }));
}
