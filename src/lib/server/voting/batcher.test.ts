import { describe, expect, it } from 'vitest';
import { Batcher } from '../db/group-commit';
import { anonymousKeys } from './batcher';
import type { AnonymousCast } from './ballot-writes';

const cast = (n: number, limit: number | null, signature = `sig-${n}`): AnonymousCast => ({
	ballot: {
		pollId: 7,
		maxChoices: 1,
		dailyVoting: false,
		voterKey: `a:browser-${n}`,
		period: 'all',
		trackingCode: `CODE-000${n}`,
		userId: null,
		addressHash: 'one-nat',
		castAt: new Date('2026-11-25T03:00:00Z'),
		optionIds: [1]
	},
	signature,
	expiresAt: new Date('2026-11-25T03:10:00Z'),
	limit,
	day: '2026-11-25'
});

/** The batches a burst of casts submitted in one turn is split into. */
async function batchesOf(casts: AnonymousCast[]): Promise<number[][]> {
	const batches: number[][] = [];
	const batcher = new Batcher<AnonymousCast, string>(
		async (items) => {
			batches.push(items.map((c) => Number(c.ballot.trackingCode.slice(-1))));
			return items.map(() => 'stored');
		},
		{ keysOf: anonymousKeys }
	);
	await Promise.all(casts.map((c) => batcher.submit(c)));
	return batches;
}

describe('anonymous ballot batches', () => {
	it('keep a burst from one address together when the poll has no address limit', async () => {
		expect(await batchesOf([1, 2, 3, 4, 5].map((n) => cast(n, null)))).toEqual([[1, 2, 3, 4, 5]]);
	});

	it('split a burst from one address when its counter is charged (an address limit)', async () => {
		const batches = await batchesOf([1, 2, 3].map((n) => cast(n, 10)));
		expect(batches.map((b) => b.length)).toEqual([1, 1, 1]);
		expect(batches.flat().sort()).toEqual([1, 2, 3]);
	});

	it('never put one proof-of-work signature twice in a batch, limit or not', async () => {
		const batches = await batchesOf([cast(1, null, 'same'), cast(2, null, 'same'), cast(3, null)]);
		expect(batches).toEqual([[1, 3], [2]]);
	});
});
