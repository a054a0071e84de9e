import { describe, expect, it } from 'vitest';
import { judgeAttempt, recordFailure } from '../auth';
import {
	administrativeDate,
	CODE_ALPHABET,
	CODE_BITS,
	CODE_LENGTH,
	certificateCodeFrom,
	changedFields,
	citationLines,
	confirmationToken,
	kindFromTier,
	livePrizeWording,
	normalizeCertificateCode,
	placeAndDate,
	placeFromUnitName,
	resolvePrintSettings,
	roundPrizeWording,
	slugFor,
	verifyLimits,
	yearOf
} from './rules';

describe('certificate codes', () => {
	it('carry at least 60 bits from an alphabet without look-alike letters', () => {
		expect(CODE_BITS).toBeGreaterThanOrEqual(60);
		expect(CODE_ALPHABET).toHaveLength(32);
		for (const c of 'ILOU') expect(CODE_ALPHABET).not.toContain(c);
	});

	it('use every byte value without bias and cover the whole alphabet', () => {
		const bytes = new Uint8Array(CODE_LENGTH).map((_, i) => i * 17 + 3);
		const code = certificateCodeFrom(bytes);
		expect(code).toHaveLength(CODE_LENGTH);
		expect(certificateCodeFrom(new Uint8Array(CODE_LENGTH).fill(255))).toBe('Z'.repeat(15));
		expect(certificateCodeFrom(new Uint8Array(CODE_LENGTH).fill(0))).toBe('0'.repeat(15));
		expect(() => certificateCodeFrom(new Uint8Array(4))).toThrow();
	});

	it('read back from what people type: case, dashes, spaces and look-alikes', () => {
		expect(normalizeCertificateCode('abcde-fghjk-mnpqr')).toBe('ABCDEFGHJKMNPQR');
		expect(normalizeCertificateCode(' 0o1il 23456 789ab ')).toBe('001112345678' + '9AB');
		expect(normalizeCertificateCode('ABCDE')).toBeNull();
		expect(normalizeCertificateCode('ABCDEFGHJKMNPQU')).toBeNull();
		expect(normalizeCertificateCode('ABCDEFGHJKMNPQ<')).toBeNull();
	});
});

describe('slugs and kinds', () => {
	it('slugs are folded names with the id', () => {
		expect(slugFor('Nguyễn Văn Ánh', 42)).toBe('nguyen-van-anh-42');
		expect(slugFor('Đoàn xã Xuân Nộn!', 7)).toBe('doan-xa-xuan-non-7');
		expect(slugFor('***', 9)).toBe('9');
	});

	it('prize tier labels map to kinds, others stay as written', () => {
		expect(kindFromTier('Giải Nhất')).toEqual({ kind: 'giai_nhat', customKind: null });
		expect(kindFromTier('giải nhì')).toEqual({ kind: 'giai_nhi', customKind: null });
		expect(kindFromTier('Giải Ba')).toEqual({ kind: 'giai_ba', customKind: null });
		expect(kindFromTier('Giải Khuyến khích')).toEqual({
			kind: 'giai_khuyen_khich',
			customKind: null
		});
		expect(kindFromTier('Giải Đặc biệt')).toEqual({ kind: 'custom', customKind: 'Giải Đặc biệt' });
	});

	it('a decision’s year is its date’s', () => {
		expect(yearOf('2026-03-26')).toBe(2026);
	});

	it('corrections list only the fields that change', () => {
		expect(
			changedFields(
				{ name: 'A', unitName: 'B', position: '' } as { name: string; unitName: string },
				{ name: 'A', unitName: 'C' }
			)
		).toEqual(['unitName']);
	});
});

describe('verification probing limits', () => {
	it('lock an address after 30 unknown codes within the window, not before', () => {
		const now = new Date('2026-05-01T00:00:00Z');
		let state = null;
		for (let i = 0; i < verifyLimits.lockAfter - 1; i++) {
			expect(judgeAttempt(state, verifyLimits, now)).toEqual({
				allowed: true,
				delayMs: 0,
				needsProof: false
			});
			state = recordFailure(state, verifyLimits, now);
		}
		expect(judgeAttempt(state, verifyLimits, now).allowed).toBe(true);
		state = recordFailure(state, verifyLimits, now);
		expect(judgeAttempt(state, verifyLimits, now).allowed).toBe(false);
		const later = new Date(now.getTime() + verifyLimits.lockMs);
		expect(judgeAttempt(state, verifyLimits, later).allowed).toBe(true);
	});
});

describe('the sign-off of a certificate', () => {
	it('writes dates as administrative documents do: a zero before days under 10 and months under 3', () => {
		expect(administrativeDate('2026-05-19')).toBe('ngày 19 tháng 5 năm 2026');
		expect(administrativeDate('2026-01-05')).toBe('ngày 05 tháng 01 năm 2026');
		expect(administrativeDate('2026-02-10')).toBe('ngày 10 tháng 02 năm 2026');
		expect(administrativeDate('2026-11-20')).toBe('ngày 20 tháng 11 năm 2026');
		expect(placeAndDate('Hà Nội', '2026-03-26')).toBe('Hà Nội, ngày 26 tháng 3 năm 2026');
		expect(placeAndDate('', '2026-03-26')).toBe('Ngày 26 tháng 3 năm 2026');
	});

	it('finds the locality a unit’s name carries, and none where it names no place', () => {
		expect(placeFromUnitName('Tỉnh đoàn Thanh Hóa')).toBe('Thanh Hóa');
		expect(placeFromUnitName('Huyện đoàn Đông Anh')).toBe('Đông Anh');
		expect(placeFromUnitName('Thành đoàn Hà Nội')).toBe('Hà Nội');
		expect(placeFromUnitName('Ban Tuyên giáo Tỉnh ủy Nghệ An')).toBe('Nghệ An');
		expect(placeFromUnitName('Đoàn xã Xuân Nộn')).toBe('Xuân Nộn');
		expect(placeFromUnitName('Đoàn Khối các cơ quan tỉnh')).toBeNull();
		expect(placeFromUnitName('Đoàn Thanh niên Sở Y tế')).toBeNull();
	});

	it('takes the nearest place set or named up the tree, and the unit’s own authority line', () => {
		const province = { name: 'Tỉnh đoàn Gương Sáng', placeName: null, authorityLine: null };
		const block = { name: 'Đoàn Khối các cơ quan tỉnh', placeName: null, authorityLine: null };
		const branch = { name: 'Đoàn Thanh niên Sở Y tế', placeName: null, authorityLine: null };
		expect(resolvePrintSettings([branch, block, province])).toEqual({
			placeName: 'Gương Sáng',
			authorityLine: 'TM. BAN THƯỜNG VỤ'
		});
		const set = { ...province, placeName: 'Hà Nội', authorityLine: 'KT. BÍ THƯ' };
		expect(resolvePrintSettings([block, set])).toEqual({
			placeName: 'Hà Nội',
			authorityLine: 'TM. BAN THƯỜNG VỤ'
		});
		expect(resolvePrintSettings([set])).toEqual({
			placeName: 'Hà Nội',
			authorityLine: 'KT. BÍ THƯ'
		});
		expect(resolvePrintSettings([branch])).toEqual({
			placeName: '',
			authorityLine: 'TM. BAN THƯỜNG VỤ'
		});
	});

	it('prints the decision’s citation first, and a recipient’s own line only where it differs', () => {
		expect(citationLines('Đã có thành tích xuất sắc.', '')).toEqual(['Đã có thành tích xuất sắc.']);
		expect(citationLines('Đã có thành tích xuất sắc.', ' Đã có thành tích xuất sắc. ')).toEqual([
			'Đã có thành tích xuất sắc.'
		]);
		expect(citationLines('Đã có thành tích xuất sắc.', 'Đạt Giải Nhất')).toEqual([
			'Đã có thành tích xuất sắc.',
			'Đạt Giải Nhất'
		]);
		expect(citationLines('', 'Đạt Giải Nhất')).toEqual(['Đạt Giải Nhất']);
	});

	it('names a live game once in its prize line', () => {
		expect(livePrizeWording('Giải Nhất', 'Tuổi trẻ Đông Anh', '')).toBe(
			'Đạt Giải Nhất cuộc thi Rung chuông vàng “Tuổi trẻ Đông Anh”'
		);
		expect(livePrizeWording('Giải Nhì', 'Rung chuông vàng Huyện đoàn A', '')).toBe(
			'Đạt Giải Nhì cuộc thi “Rung chuông vàng Huyện đoàn A”'
		);
		expect(
			livePrizeWording(
				'Giải Ba',
				'Rung chuông vàng Huyện đoàn A',
				'Đã đạt giải tại cuộc thi Rung chuông vàng huyện đoàn A năm 2026.'
			)
		).toBe('Đạt Giải Ba');
		expect(roundPrizeWording('Giải Nhất', 'Tuần 1', 'Tìm hiểu lịch sử Đoàn', '')).toBe(
			'Đạt Giải Nhất Tuần 1, Tìm hiểu lịch sử Đoàn'
		);
		expect(
			roundPrizeWording(
				'Giải Nhất',
				'Tuần 1',
				'Tìm hiểu lịch sử Đoàn',
				'Cuộc thi Tìm hiểu lịch sử Đoàn'
			)
		).toBe('Đạt Giải Nhất Tuần 1');
	});
});

describe('the confirmation digest', () => {
	it('is the same for the same decision and differs when anything in it does', () => {
		const plan = { decision: { number: '1-QĐ' }, recipients: [['Nguyễn Văn A', 'bang_khen']] };
		expect(confirmationToken(plan)).toBe(confirmationToken(structuredClone(plan)));
		expect(confirmationToken(plan)).not.toBe(
			confirmationToken({ ...plan, recipients: [['Nguyễn Văn A', 'giay_khen']] })
		);
		expect(confirmationToken(plan)).not.toBe(
			confirmationToken({ ...plan, recipients: [...plan.recipients, ['Trần Thị B', 'bang_khen']] })
		);
	});
});
