import { describe, expect, it } from 'vitest';
import {
	formatAtDateTime,
	formatDate,
	formatDateThenTime,
	formatDateTime,
	formatNumber,
	formatShare,
	formatFileSize
} from './format';

describe('vi-VN formatting', () => {
	it('shows dates as dd/mm/yyyy in Vietnam time', () => {
		// 17:30 UTC is already the next day in Hanoi (UTC+7).
		expect(formatDate(new Date('2026-11-24T17:30:00Z'))).toBe('25/11/2026');
		expect(formatDateTime(new Date('2026-11-24T17:30:00Z'))).toBe('00:30 25/11/2026');
		// Day first for spreadsheets: Excel under Vietnamese settings reads it as a date-time.
		expect(formatDateThenTime(new Date('2026-11-24T17:30:00Z'))).toBe('25/11/2026 00:30');
	});

	it('groups thousands with dots', () => {
		expect(formatNumber(147255)).toBe('147.255');
	});

	it('reports a share the way departments write it', () => {
		expect(formatShare(147255, 153860)).toBe('147.255/153.860, đạt 96%');
		expect(formatShare(0, 0)).toBe('0/0, đạt 0%');
		expect(formatFileSize(4_412_345)).toBe('4,4 MB');
		expect(formatFileSize(812_000)).toBe('812 kB');
	});
});

import { parseVietnameseDate } from './format';

describe('parseVietnameseDate', () => {
	it('reads dd/mm/yyyy and ISO dates', () => {
		expect(parseVietnameseDate('5/1/2026')).toBe('2026-01-05');
		expect(parseVietnameseDate('25/11/2026')).toBe('2026-11-25');
		expect(parseVietnameseDate('2026-11-25')).toBe('2026-11-25');
	});

	it('refuses impossible dates and other text', () => {
		expect(parseVietnameseDate('31/02/2026')).toBeNull();
		expect(parseVietnameseDate('11/25/2026')).toBeNull();
		expect(parseVietnameseDate('hôm qua')).toBeNull();
	});
});

describe('a moment inside a sentence', () => {
	it('says the time and then the day, never a time where a date belongs', () => {
		// 03:11 UTC is 10:11 in Hanoi.
		expect(formatAtDateTime(new Date('2026-12-06T03:11:00Z'))).toBe('lúc 10:11 ngày 06/12/2026');
		expect(`đã bị thu hồi ${formatAtDateTime('2026-12-05T17:30:00Z')}`).toBe(
			'đã bị thu hồi lúc 00:30 ngày 06/12/2026'
		);
	});
});
