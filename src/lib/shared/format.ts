// One set of formatters for pages and exports: dates read dd/mm/yyyy in Asia/Ho_Chi_Minh.
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFormat = new Intl.DateTimeFormat('vi-VN', {
	timeZone: TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const timeFormat = new Intl.DateTimeFormat('vi-VN', {
	timeZone: TIME_ZONE,
	hour: '2-digit',
	minute: '2-digit',
	hour12: false
});
const numberFormat = new Intl.NumberFormat('vi-VN');

function parts(date: Date, format: Intl.DateTimeFormat): Record<string, string> {
	return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** 25/11/2026 */
export function formatDate(value: Date | string): string {
	const p = parts(new Date(value), dateFormat);
	return `${p.day}/${p.month}/${p.year}`;
}

/** 14:05 25/11/2026 */
export function formatDateTime(value: Date | string): string {
	const date = new Date(value);
	const t = parts(date, timeFormat);
	return `${t.hour}:${t.minute} ${formatDate(date)}`;
}

/** 25/11/2026 14:05 — day first, the order Excel under Vietnamese settings reads as a date. */
export function formatDateThenTime(value: Date | string): string {
	const date = new Date(value);
	const t = parts(date, timeFormat);
	return `${formatDate(date)} ${t.hour}:${t.minute}`;
}

/** 147.255 */
export function formatNumber(value: number): string {
	return numberFormat.format(value);
}

/** 0.9571 → "95,7%": a share with one decimal, as tables of a report print it. */
export function formatPercent(share: number): string {
	return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(share * 100)}%`;
}

/** A file's size as an office reads it: "4,4 MB", "812 kB". */
export function formatFileSize(bytes: number): string {
	const [unit, size] = bytes >= 1_000_000 ? ['MB', bytes / 1_000_000] : ['kB', bytes / 1000];
	return `${size.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${unit}`;
}

/** "147.255/153.860, đạt 96%" — the way participation is reported upward. */
export function formatShare(part: number, whole: number): string {
	const percent = whole > 0 ? Math.round((part / whole) * 100) : 0;
	return `${formatNumber(part)}/${formatNumber(whole)}, đạt ${percent}%`;
}

/** Reads "25/11/2026" (or ISO "2026-11-25") into "2026-11-25"; null when not a real date. */
export function parseVietnameseDate(value: string): string | null {
	const text = value.trim();
	const match =
		/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return null;
	const [day, month, year] = text.includes('/')
		? [Number(match[1]), Number(match[2]), Number(match[3])]
		: [Number(match[3]), Number(match[2]), Number(match[1])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return null;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "lúc 10:11 ngày 06/12/2026": a moment inside a sentence, never a time read as a date. */
export function formatAtDateTime(value: Date | string): string {
	const date = new Date(value);
	const t = parts(date, timeFormat);
	return `lúc ${t.hour}:${t.minute} ngày ${formatDate(date)}`;
}

/** A report table's cell as pages and documents print it: numbers grouped, shares in percent, days dd/mm/yyyy. */
export function formatCell(kind: string, value: string | number | Date | null): string {
	if (value === null) return '';
	if (value instanceof Date) return formatDate(value);
	if (typeof value === 'number')
		return kind === 'percent' ? formatPercent(value) : formatNumber(value);
	return value;
}
