/** Width of a bar in a chart, as a percentage of the largest value (at least a sliver). */
export function barWidth(value: number, max: number): number {
	if (max <= 0 || value <= 0) return 0;
	return Math.max(2, Math.round((value / max) * 100));
}
