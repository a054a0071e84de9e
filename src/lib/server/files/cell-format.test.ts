import { describe, expect, it } from 'vitest';
import { builtinFormatCode, classifyFormat, formatNumberCell } from './cell-format';

const shown = (value: number, code: string, date1904 = false) =>
	formatNumberCell(value, classifyFormat(code), date1904);

describe('number cells as Excel shows them', () => {
	it('reads date serials as dd/mm/yyyy, across the 1900 leap-year bug and in the 1904 system', () => {
		expect(shown(1, 'dd/mm/yyyy')).toBe('01/01/1900');
		expect(shown(59, 'dd/mm/yyyy')).toBe('28/02/1900');
		expect(shown(61, 'dd/mm/yyyy')).toBe('01/03/1900');
		expect(shown(11043, 'd-mmm-yy')).toBe('26/03/1930');
		expect(shown(0, 'dd/mm/yyyy', true)).toBe('01/01/1904');
		expect(shown(45663, builtinFormatCode(14))).toBe('06/01/2025');
		expect(shown(45663, '[$-42A]dd/mm/yyyy;@')).toBe('06/01/2025');
	});

	it('keeps the time a format shows', () => {
		expect(shown(45663.5, 'dd/mm/yyyy hh:mm')).toBe('06/01/2025 12:00');
		expect(shown(0.75, 'h:mm:ss')).toBe('18:00:00');
		expect(shown(0.75, builtinFormatCode(20))).toBe('18:00');
	});

	it('shows percentages, grouped and padded numbers, and no float noise', () => {
		expect(shown(0.05, '0%')).toBe('5%');
		expect(shown(0.125, '0.0%')).toBe('12,5%');
		expect(shown(153860, '#,##0')).toBe('153.860');
		expect(shown(912345678, '0000000000')).toBe('0912345678');
		expect(shown(0.1 + 0.2, 'General')).toBe('0,3');
		expect(shown(1234567890123, 'General')).toBe('1234567890123');
		expect(shown(3, '0.00')).toBe('3,00');
		expect(shown(42, '@')).toBe('42');
		expect(shown(-1.5, '"Tổng: "0.0')).toBe('-1,5');
	});
});
