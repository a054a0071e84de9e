// Date-times typed by people are Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving).
const OFFSET_MS = 7 * 3600_000;

/** Reads "25/11/2026 09:30" or a datetime-local value "2026-11-25T09:30"; null if not real. */
export function parseVietnameseDateTime(value: string): Date | null {
	const text = value.trim();
	let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T,]+(\d{1,2}):(\d{2})$/.exec(text);
	let parts: number[];
	if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5])];
	else {
		m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(text);
		if (!m) return null;
		parts = m.slice(1, 6).map(Number);
	}
	const [year, month, day, hour, minute] = parts as [number, number, number, number, number];
	if (hour > 23 || minute > 59) return null;
	const utc = Date.UTC(year, month - 1, day, hour, minute);
	const check = new Date(utc);
	if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
	return new Date(utc - OFFSET_MS);
}

/**
 * The instant moved so that its UTC fields read Vietnam's wall clock: what a spreadsheet,
 * which has no time zones, must store for "14:05 25/11/2026" to show as such.
 */
export function vietnamWallClock(date: Date): Date {
	return new Date(date.getTime() + OFFSET_MS);
}

/** The value a datetime-local input shows for a date, in Vietnam's time. */
export function toLocalInput(date: Date): string {
	return vietnamWallClock(date).toISOString().slice(0, 16);
}

/** The calendar day in Vietnam ("2026-11-25"). */
export function vietnamDay(now: Date): string {
	return vietnamWallClock(now).toISOString().slice(0, 10);
}

/** The first instant of a calendar day ("2026-11-25") in Vietnam. */
export function vietnamDayStart(day: string): Date {
	return new Date(new Date(`${day}T00:00:00Z`).getTime() - OFFSET_MS);
}

/** The same moment one calendar year later (29 February becomes 1 March). */
export function aYearLater(at: Date): Date {
	const later = new Date(at);
	later.setUTCFullYear(later.getUTCFullYear() + 1);
	return later;
}
