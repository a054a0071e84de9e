import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followStream } from './live.svelte';

// The browser's EventSource is outside our control: a stand-in that a test closes for good, as
// Chromium does when a retry is answered with an error (a proxy's 502 while the laptop restarts).
class FakeSource {
	static CLOSED = 2;
	static opened: FakeSource[] = [];
	readyState = 0;
	closed = false;
	private listeners = new Map<string, ((event: unknown) => void)[]>();
	constructor(readonly url: string) {
		FakeSource.opened.push(this);
	}
	addEventListener(type: string, listener: (event: unknown) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	emit(type: string, event: unknown = {}) {
		for (const listener of this.listeners.get(type) ?? []) listener(event);
	}
	close() {
		this.closed = true;
	}
}

beforeEach(() => {
	vi.useFakeTimers();
	FakeSource.opened = [];
	vi.stubGlobal('EventSource', FakeSource);
	vi.stubGlobal('document', { documentElement: { dataset: {} as Record<string, string> } });
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

const giveUp = (source: FakeSource) => {
	source.readyState = FakeSource.CLOSED;
	source.emit('error');
};

describe('following a live stream', () => {
	it('opens a new stream after EventSource gives up, waiting longer each time, and keeps the newest state', async () => {
		const seen: number[] = [];
		const stop = followStream<{ v: number }>(
			'/choi/ABCDEF/su-kien',
			(s) => s.v,
			(s) => seen.push(s.v)
		);
		const first = FakeSource.opened[0]!;
		first.emit('state', { data: JSON.stringify({ v: 3 }) });
		giveUp(first);
		expect(document.documentElement.dataset.live).toBe('reconnecting');
		await vi.advanceTimersByTimeAsync(999);
		expect(FakeSource.opened).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(FakeSource.opened).toHaveLength(2);

		// Refused again: the pause doubles.
		giveUp(FakeSource.opened[1]!);
		await vi.advanceTimersByTimeAsync(1_999);
		expect(FakeSource.opened).toHaveLength(2);
		await vi.advanceTimersByTimeAsync(1);
		const third = FakeSource.opened[2]!;
		third.emit('open');
		expect(document.documentElement.dataset.live).toBe('on');
		// An older state sent by the new stream does not undo a newer one.
		third.emit('state', { data: JSON.stringify({ v: 2 }) });
		third.emit('state', { data: JSON.stringify({ v: 4 }) });
		expect(seen).toEqual([3, 4]);

		// A dropped stream that EventSource retries itself is left to it.
		third.emit('error');
		await vi.advanceTimersByTimeAsync(20_000);
		expect(FakeSource.opened).toHaveLength(3);

		stop();
		expect(third.closed).toBe(true);
		giveUp(third);
		await vi.advanceTimersByTimeAsync(20_000);
		expect(FakeSource.opened).toHaveLength(3);
	});
});
