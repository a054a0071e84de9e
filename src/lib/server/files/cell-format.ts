/**
 * What a number cell shows in Excel, from its number format: a date cell reads dd/mm/yyyy,
 * a percent cell 5%, a number as written (no float noise, zero-padded when the format pads,
 * Vietnamese separators). Pure, so the rules are tested without a workbook.
 */

export interface NumberFormat {
	kind: 'general' | 'date' | 'time' | 'datetime' | 'percent' | 'number';
	/** Digits after the decimal separator the format shows (number and percent). */
	decimals?: number;
	/** Minimum integer digits ("0000000000" pads a phone that lost its zero). */
	integerDigits?: number;
	grouping?: boolean;
	seconds?: boolean;
}

// Excel's built-in formats that are not spelled out in styles.xml.
const BUILTIN: Record<number, string> = {
	1: '0',
	2: '0.00',
	3: '#,##0',
	4: '#,##0.00',
	9: '0%',
	10: '0.00%',
	14: 'dd/mm/yyyy',
	15: 'd-mmm-yy',
	16: 'd-mmm',
	17: 'mmm-yy',
	18: 'h:mm AM/PM',
	19: 'h:mm:ss AM/PM',
	20: 'h:mm',
	21: 'h:mm:ss',
	22: 'dd/mm/yyyy h:mm',
	37: '#,##0',
	38: '#,##0',
	39: '#,##0.00',
	40: '#,##0.00',
	45: 'mm:ss',
	46: '[h]:mm:ss',
	47: 'mm:ss.0'
};
// East Asian locales' built-in date formats.
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58])
	BUILTIN[id] = 'dd/mm/yyyy';
for (const id of [32, 33, 55, 56]) BUILTIN[id] = 'h:mm:ss';

export function builtinFormatCode(id: number): string {
	return BUILTIN[id] ?? 'General';
}

/** The kind of a format code, from its first section, ignoring literals and [colour] tags. */
export function classifyFormat(code: string): NumberFormat {
	const section = (code.split(';')[0] ?? '')
		.replace(/"[^"]*"/g, '')
		.replace(/\\./g, '')
		.replace(/_.|\*./g, '')
		.replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '')
		.trim();
	const lower = section.toLowerCase();
	if (lower === '' || lower === 'general' || lower === '@') return { kind: 'general' };
	const hasDate = /[dy]/.test(lower) || (/m/.test(lower) && !/[hs]/.test(lower));
	const hasTime = /[hs]/.test(lower);
	if (hasDate || hasTime) {
		const seconds = /s/.test(lower);
		if (hasDate && hasTime) return { kind: 'datetime', seconds };
		return hasDate ? { kind: 'date' } : { kind: 'time', seconds };
	}
	const [integer = '', fraction = ''] = section.replace(/%/g, '').split('.');
	const decimals = (fraction.match(/[0#?]/g) ?? []).length;
	if (section.includes('%')) return { kind: 'percent', decimals };
	if (/e[+-]/i.test(section) || !/[0#?]/.test(section)) return { kind: 'general' };
	return {
		kind: 'number',
		decimals,
		integerDigits: (integer.match(/0/g) ?? []).length,
		grouping: /[0#?],[0#?]/.test(integer)
	};
}

const DAY_MS = 86_400_000;
// Serial 1 is 1 January 1900; Excel counts a 29 February 1900 that never was, so from serial
// 61 on, day 0 is 30 December 1899. The 1904 system starts on 1 January 1904.
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** dd/mm/yyyy (and HH:mm when asked) of an Excel date serial. */
export function formatSerialDate(serial: number, kind: NumberFormat, date1904 = false): string {
	let ms: number;
	if (date1904) ms = EPOCH_1904 + serial * DAY_MS;
	else if (serial < 61) ms = EPOCH_1900 + (serial + 1) * DAY_MS;
	else ms = EPOCH_1900 + serial * DAY_MS;
	const d = new Date(Math.round(ms / 1000) * 1000);
	if (!Number.isFinite(d.getTime())) return String(serial);
	const date = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
	const time =
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` +
		(kind.seconds ? `:${pad(d.getUTCSeconds())}` : '');
	if (kind.kind === 'time') return time;
	if (kind.kind === 'datetime') return `${date} ${time}`;
	return date;
}

function groupThousands(digits: string): string {
	return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A number as Vietnamese Excel shows it: "," before decimals, "." between thousands. */
function formatFixed(value: number, format: NumberFormat): string {
	const negative = value < 0;
	const [integer = '0', fraction] = Math.abs(value)
		.toFixed(format.decimals ?? 0)
		.split('.');
	let whole = integer.padStart(format.integerDigits ?? 1, '0');
	if (format.integerDigits === 0 && whole === '0' && fraction) whole = '';
	if (format.grouping) whole = groupThousands(whole);
	return `${negative ? '-' : ''}${whole}${fraction ? `,${fraction}` : ''}`;
}

/** A number with at most 15 significant digits, as Excel keeps them. */
function formatGeneral(value: number): string {
	const rounded = Number(value.toPrecision(15));
	if (Number.isInteger(rounded) && Math.abs(rounded) < 1e21)
		return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
	return rounded
		.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 15 })
		.replace('.', ',');
}

/** The text a number cell shows under its format. */
export function formatNumberCell(value: number, format: NumberFormat, date1904 = false): string {
	if (!Number.isFinite(value)) return '';
	switch (format.kind) {
		case 'date':
		case 'time':
		case 'datetime':
			return formatSerialDate(value, format, date1904);
		case 'percent':
			return `${formatFixed(value * 100, { kind: 'number', decimals: format.decimals })}%`;
		case 'number':
			return formatFixed(value, format);
		default:
			return formatGeneral(value);
	}
}
