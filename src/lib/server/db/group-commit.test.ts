import { describe, expect, it } from 'vitest';
import { Batcher } from './group-commit';

const tick = () => new Promise((r) => setTimeout(r, 1));

/** A `run` that records its batches and how many ran at once. */
function recorder(fail?: (items: string[]) => boolean) {
	const batches: string[][] = [];
	let running = 0;
	let mostAtOnce = 0;
	const keysRunning = new Set<string>();
	let keyOverlap = false;
	const run = async (items: string[]) => {
		batches.push(items);
		running++;
		mostAtOnce = Math.max(mostAtOnce, running);
		const keys = items.map((i) => i.split(':')[0]!);
		if (keys.some((k) => keysRunning.has(k))) keyOverlap = true;
		keys.forEach((k) => keysRunning.add(k));
		await tick();
		keys.forEach((k) => keysRunning.delete(k));
		running--;
		if (fail?.(items)) throw new Error('batch failed');
		return items.map((i) => `done ${i}`);
	};
	return {
		run,
		batches,
		get mostAtOnce() {
			return mostAtOnce;
		},
		get keyOverlap() {
			return keyOverlap;
		}
	};
}

describe('Batcher', () => {
	it('puts a burst in few batches, each answer to its own caller', async () => {
		const r = recorder();
		const batcher = new Batcher(r.run, { maxBatch: 10, maxInFlight: 2 });
		const items = Array.from({ length: 35 }, (_, i) => `p${i}:a`);
		const results = await Promise.all(items.map((i) => batcher.submit(i)));
		expect(results).toEqual(items.map((i) => `done ${i}`));
		expect(r.batches.every((b) => b.length <= 10)).toBe(true);
		expect(r.batches.length).toBeLessThanOrEqual(5);
		expect(r.mostAtOnce).toBeLessThanOrEqual(2);
	});

	it('runs items that share a key one batch after another, in the order they came', async () => {
		const r = recorder();
		const batcher = new Batcher(r.run, {
			maxInFlight: 3,
			keysOf: (item: string) => [item.split(':')[0]!]
		});
		const items = ['a:1', 'b:1', 'a:2', 'c:1', 'a:3', 'b:2'];
		await Promise.all(items.map((i) => batcher.submit(i)));
		expect(r.keyOverlap).toBe(false);
		const order = r.batches.flat();
		expect(order.filter((i) => i.startsWith('a:'))).toEqual(['a:1', 'a:2', 'a:3']);
		expect(order.filter((i) => i.startsWith('b:'))).toEqual(['b:1', 'b:2']);
		expect(r.batches[0]).toEqual(['a:1', 'b:1', 'c:1']);
	});

	it('retries a failed batch item by item, so one bad item fails alone', async () => {
		const r = recorder((items) => items.includes('bad:x'));
		const batcher = new Batcher(r.run);
		const outcomes = await Promise.allSettled(
			['p:1', 'bad:x', 'q:1'].map((i) => batcher.submit(i))
		);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'done p:1' });
	});
});
