import { describe, expect, it } from 'vitest';
import { barWidth } from './bars';

describe('a chart’s bars (BarChart and the campaign report alike)', () => {
	it('are drawn relative to the largest value, a sliver at least, none for nothing', () => {
		expect(barWidth(50, 100)).toBe(50);
		expect(barWidth(1, 1000)).toBe(2);
		expect(barWidth(0, 10)).toBe(0);
		expect(barWidth(3, 0)).toBe(0);
	});
});
