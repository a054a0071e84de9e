import { describe, expect, it } from 'vitest';
import { withSharedRanks } from './ranking';

describe('withSharedRanks', () => {
	it('gives equal rows one rank and skips the places they take', () => {
		const rows = [5, 3, 3, 3, 1, 1, 0].map((votes) => ({ votes }));
		expect(withSharedRanks(rows, (a, b) => a.votes === b.votes).map((r) => r.rank)).toEqual([
			1, 2, 2, 2, 5, 5, 7
		]);
	});
	it('ranks a tie for first as two firsts', () => {
		const rows = [{ v: 3 }, { v: 3 }];
		expect(withSharedRanks(rows, (a, b) => a.v === b.v).map((r) => r.rank)).toEqual([1, 1]);
		expect(withSharedRanks([], () => true)).toEqual([]);
	});
});
