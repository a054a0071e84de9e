import { describe, expect, it } from 'vitest';
import { bumpYears, escapeLike, foldVietnamese } from './text';

describe('foldVietnamese', () => {
	it('drops tone and vowel marks and lowercases', () => {
		expect(foldVietnamese('Nguyễn Văn Ánh')).toBe('nguyen van anh');
		expect(foldVietnamese('  TRẦN   Thị  Hồng  ')).toBe('tran thi hong');
	});

	it('folds đ and Đ to d', () => {
		expect(foldVietnamese('Đoàn Thanh niên Đống Đa')).toBe('doan thanh nien dong da');
	});

	it('folds the spellings i and y of one syllable together, and only those', () => {
		const pairs = [
			['kỉ niệm', 'kỷ niệm'],
			['lí luận', 'lý luận'],
			['quí', 'quý'],
			['Mĩ Tho', 'Mỹ Tho'],
			['Hi sinh', 'Hy sinh'],
			['i tế', 'Y tế']
		];
		for (const [i, y] of pairs) expect(foldVietnamese(i!)).toBe(foldVietnamese(y!));
		// y inside a syllable, or after a vowel, is not i.
		expect(foldVietnamese('Nguyễn Thị Thủy')).toBe('nguyen thi thuy');
		expect(foldVietnamese('Quyết định')).toBe('quyet dinh');
		expect(foldVietnamese('Huy chương')).not.toBe(foldVietnamese('Hui chương'));
		expect(foldVietnamese('Tây Ninh')).toBe('tay ninh');
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

describe('bumpYears', () => {
	it('moves every year of a title on by one and leaves a title without one alone', () => {
		expect(bumpYears('Rung chuông vàng 2026 — mùa giải 2026-2027')).toBe(
			'Rung chuông vàng 2027 — mùa giải 2027-2028'
		);
		expect(bumpYears('Rung chuông vàng xã Uy Nỗ')).toBe('Rung chuông vàng xã Uy Nỗ');
		expect(bumpYears('Phòng 12026 và năm 1999')).toBe('Phòng 12026 và năm 1999');
	});
});
