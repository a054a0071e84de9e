// Layout of the votes-over-time chart, shared by the poll pages: pure, so it is tested alone.

export interface Point {
	/** Vietnam's wall clock, "2026-12-06T00:00" (day buckets) or "2026-12-06T14:00" (hours). */
	at: string;
	n: number;
}

export interface Column {
	at: string;
	n: number;
	x: number;
	y: number;
	width: number;
	height: number;
	label: string;
}

export interface AxisLabel {
	x: number;
	text: string;
	anchor: 'start' | 'middle' | 'end';
}

/** Fewer buckets than this still draw narrow columns: one day is a bar, not a solid block. */
const MIN_SLOTS = 7;
const MAX_SLOTS = 400;
const STEP = { hour: 3_600_000, day: 86_400_000 } as const;

export function bucketLabel(at: string, bucket: 'hour' | 'day'): string {
	const [date, time] = at.split('T');
	const [y, m, d] = (date ?? '').split('-');
	return bucket === 'hour' ? `${time?.slice(0, 5)} ${d}/${m}` : `${d}/${m}/${y}`;
}

/** The series with the empty buckets between the first and the last filled with zero. */
export function fillGaps(points: readonly Point[], bucket: 'hour' | 'day'): Point[] {
	if (points.length < 2) return [...points];
	const byTime = new Map(points.map((p) => [Date.parse(`${p.at}Z`), p.n]));
	const first = Date.parse(`${points[0]!.at}Z`);
	const last = Date.parse(`${points[points.length - 1]!.at}Z`);
	if ((last - first) / STEP[bucket] >= MAX_SLOTS) return [...points];
	const filled: Point[] = [];
	for (let t = first; t <= last; t += STEP[bucket]) {
		filled.push({ at: new Date(t).toISOString().slice(0, 16), n: byTime.get(t) ?? 0 });
	}
	return filled;
}

/** Columns and axis labels of the chart, in a `width` × `height` drawing area. */
export function chartLayout(
	points: readonly Point[],
	bucket: 'hour' | 'day',
	width: number,
	height: number
): { columns: Column[]; axis: AxisLabel[] } {
	const series = fillGaps(points, bucket);
	const peak = Math.max(1, ...series.map((p) => p.n));
	const slot = width / Math.max(MIN_SLOTS, series.length);
	const columnWidth = Math.max(1, slot * 0.7);
	const columns = series.map((p, i) => {
		const h = (p.n / peak) * height;
		return {
			at: p.at,
			n: p.n,
			x: i * slot + (slot - columnWidth) / 2,
			y: height - h,
			width: columnWidth,
			height: h,
			label: bucketLabel(p.at, bucket)
		};
	});
	if (!columns.length) return { columns, axis: [] };
	const first = columns[0]!;
	const last = columns[columns.length - 1]!;
	// One bucket: one label under its column, not the same date at both ends.
	const axis: AxisLabel[] =
		columns.length === 1
			? [
					{
						x: first.x + first.width / 2,
						text: first.label,
						anchor: first.x < width / 4 ? 'start' : 'middle'
					}
				]
			: [
					{ x: first.x, text: first.label, anchor: 'start' },
					{ x: last.x + last.width, text: last.label, anchor: 'end' }
				];
	return { columns, axis };
}
