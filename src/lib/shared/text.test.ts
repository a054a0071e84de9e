import { describe, expect, it } from 'vitest';
import { escapeLike, foldVietnamese } from './text';

describe('foldVietnamese', () => {
	it('drops tone and vowel marks and lowercases', () => {
		expect(foldVietnamese('Nguyễn Văn Ánh')).toBe('nguyen van anh');
		expect(foldVietnamese('  TRẦN   Thị  Hồng  ')).toBe('tran thi hong');
	});

	it('folds đ and Đ to d', () => {
		expect(foldVietnamese('Đoàn Thanh niên Đống Đa')).toBe('doan thanh nien dong da');
	});

	it('treats precomposed and decomposed input alike', () => {
		expect(foldVietnamese('Ho\u0302\u0300')).toBe(foldVietnamese('Hồ'));
	});
});

describe('escapeLike', () => {
	it('escapes wildcards', () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
	});
});
