/** Pure rules of award records: certificate codes, slugs, prize tiers, probing limits. */
import type { AwardKind } from '$lib/shared/awards';
import { foldVietnamese } from '$lib/shared/text';
import type { ThrottleLimits } from '../auth/rules';

/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so a code read from paper
 * cannot be mistyped into another valid-looking one.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 15 symbols × 5 bits = 75 bits: guessing one of even a million codes takes ~2^55 tries. */
export const CODE_LENGTH = 15;
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

/** A code from random bytes (one byte per symbol; 256 is a multiple of 32, so no bias). */
export function certificateCodeFrom(bytes: Uint8Array): string {
	if (bytes.length < CODE_LENGTH) throw new Error(`need ${CODE_LENGTH} random bytes`);
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[bytes[i]! % 32];
	return code;
}

/**
 * What a person typed, as a stored code: case, spaces and dashes do not matter, and the
 * letters people confuse with digits (O, I, L) read as those digits. Null when it cannot be one.
 */
export function normalizeCertificateCode(input: string): string | null {
	const cleaned = input
		.toUpperCase()
		.replace(/[\s\-_.]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	if (cleaned.length !== CODE_LENGTH) return null;
	for (const c of cleaned) if (!CODE_ALPHABET.includes(c)) return null;
	return cleaned;
}

/** "Nguyễn Văn Ánh", 42 → "nguyen-van-anh-42": readable, stable, unique by the id. */
export function slugFor(name: string, id: number): string {
	const base = foldVietnamese(name)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return base ? `${base}-${id}` : String(id);
}

/** A contest round's prize label ("Giải Nhất", "giải ba") as an award kind, or custom. */
export function kindFromTier(label: string): { kind: AwardKind; customKind: string | null } {
	const folded = foldVietnamese(label).replace(/^giai\s+/, '');
	const known: Record<string, AwardKind> = {
		nhat: 'giai_nhat',
		nhi: 'giai_nhi',
		ba: 'giai_ba',
		'khuyen khich': 'giai_khuyen_khich'
	};
	const kind = known[folded];
	return kind ? { kind, customKind: null } : { kind: 'custom', customKind: label.trim() };
}

/** The year of a decision is the year of its date (dates are yyyy-mm-dd). */
export function yearOf(isoDate: string): number {
	return Number(isoDate.slice(0, 4));
}

/**
 * Verification probing: only lookups of codes that do not exist count, so a hall scanning
 * real certificates is never slowed; 30 misses in 15 minutes lock the address for 15 minutes.
 */
export const verifyLimits: ThrottleLimits = {
	slowAfter: 30,
	lockAfter: 30,
	windowMs: 15 * 60 * 1000,
	lockMs: 15 * 60 * 1000
};

/** The fields a correction may change, and which of them actually changed. */
export function changedFields<A extends Record<string, unknown>>(
	before: { [K in keyof A]: unknown },
	after: A
): (keyof A & string)[] {
	return (Object.keys(after) as (keyof A & string)[]).filter(
		(k) => after[k] !== undefined && (after[k] ?? null) !== (before[k] ?? null)
	);
}
