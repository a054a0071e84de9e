import { describe, expect, it } from 'vitest';
import { chartLayout, fillGaps } from './poll-chart';

describe('votes-over-time chart', () => {
	it('draws one day as one narrow column with its date once', () => {
		const { columns, axis } = chartLayout([{ at: '2026-12-06T00:00', n: 3 }], 'day', 700, 140);
		expect(columns).toHaveLength(1);
		expect(columns[0]!.width).toBeLessThanOrEqual(700 / 7);
		expect(columns[0]!.height).toBe(140);
		expect(axis.map((a) => a.text)).toEqual(['06/12/2026']);
	});

	it('fills the empty days between votes with zero and labels both ends', () => {
		const points = [
			{ at: '2026-12-01T00:00', n: 4 },
			{ at: '2026-12-04T00:00', n: 2 }
		];
		expect(fillGaps(points, 'day').map((p) => p.n)).toEqual([4, 0, 0, 2]);
		const { columns, axis } = chartLayout(points, 'day', 700, 100);
		expect(columns.map((c) => c.height)).toEqual([100, 0, 0, 50]);
		expect(axis.map((a) => a.text)).toEqual(['01/12/2026', '04/12/2026']);
	});

	it('steps by the hour for hourly buckets', () => {
		const filled = fillGaps(
			[
				{ at: '2026-12-06T08:00', n: 1 },
				{ at: '2026-12-06T10:00', n: 1 }
			],
			'hour'
		);
		expect(filled.map((p) => p.at)).toEqual([
			'2026-12-06T08:00',
			'2026-12-06T09:00',
			'2026-12-06T10:00'
		]);
	});
});
