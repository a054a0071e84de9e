import { describe, expect, it } from 'vitest';
import { judgeAttempt, recordFailure } from '../auth/rules';
import {
	CODE_ALPHABET,
	CODE_BITS,
	CODE_LENGTH,
	certificateCodeFrom,
	changedFields,
	kindFromTier,
	normalizeCertificateCode,
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
			expect(judgeAttempt(state, verifyLimits, now)).toEqual({ allowed: true, delayMs: 0 });
			state = recordFailure(state, verifyLimits, now);
		}
		expect(judgeAttempt(state, verifyLimits, now).allowed).toBe(true);
		state = recordFailure(state, verifyLimits, now);
		expect(judgeAttempt(state, verifyLimits, now).allowed).toBe(false);
		const later = new Date(now.getTime() + verifyLimits.lockMs);
		expect(judgeAttempt(state, verifyLimits, later).allowed).toBe(true);
	});
});
