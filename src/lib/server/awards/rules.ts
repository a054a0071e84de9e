/** Pure rules of award records: certificate codes, slugs, prize tiers, probing limits. */
import { createHash } from 'node:crypto';
import type { AwardKind } from '$lib/shared/awards';
import { foldVietnamese } from '$lib/shared/text';
import type { ThrottleLimits } from '../auth';

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

/**
 * A date as administrative documents write it (Nghị định 30/2020/NĐ-CP): days below 10 and
 * months below 3 take a leading zero. "2026-05-19" → "ngày 19 tháng 5 năm 2026".
 */
export function administrativeDate(isoDate: string): string {
	const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
	const day = d < 10 ? `0${d}` : String(d);
	const month = m < 3 ? `0${m}` : String(m);
	return `ngày ${day} tháng ${month} năm ${y}`;
}

/** The place-and-date line above the signature: "Hà Nội, ngày 19 tháng 5 năm 2026". */
export function placeAndDate(placeName: string, isoDate: string): string {
	const date = administrativeDate(isoDate);
	return placeName ? `${placeName}, ${date}` : `${date[0]!.toUpperCase()}${date.slice(1)}`;
}

/** Youth-union and Party committees sign their certificates on behalf of their standing committee. */
export const DEFAULT_AUTHORITY_LINE = 'TM. BAN THƯỜNG VỤ';

// "Tỉnh đoàn Thanh Hóa", "Ban Tuyên giáo Tỉnh ủy Nghệ An", "Đoàn xã Xuân Nộn": the locality after the body.
const LOCALITY_AFTER_BODY = [
	/^(?:ban tuyên giáo\s+)?(?:tỉnh|thành|huyện|quận|thị)\s+(?:đoàn|ủy|uỷ)\s+(.+)$/iu,
	/^đoàn\s+(?:xã|phường|thị trấn|đặc khu)\s+(.+)$/iu
];

/** The locality a unit's name carries ("Huyện đoàn Đông Anh" → "Đông Anh"), or null. */
export function placeFromUnitName(name: string): string | null {
	const text = name.normalize('NFC').trim();
	for (const pattern of LOCALITY_AFTER_BODY) {
		const match = pattern.exec(text);
		if (match) return match[1]!.trim();
	}
	return null;
}

export interface UnitPrintSettings {
	name: string;
	placeName: string | null;
	authorityLine: string | null;
}

/**
 * What a unit's certificates print, from the unit up to the root: the nearest unit that set a
 * place or whose name carries one (a district prints its own town, a provincial block its
 * province's), and the unit's own authority line (who signs for it is its own affair), else
 * the standing committee's.
 */
export function resolvePrintSettings(chain: UnitPrintSettings[]): {
	placeName: string;
	authorityLine: string;
} {
	let placeName = '';
	for (const unit of chain) {
		const place = unit.placeName || placeFromUnitName(unit.name);
		if (place) {
			placeName = place;
			break;
		}
	}
	const authorityLine = chain[0]?.authorityLine || DEFAULT_AUTHORITY_LINE;
	return { placeName, authorityLine };
}

/**
 * The text a certificate gives under the name: the decision's citation first (the nominee's own
 * summary is not the decision's wording), then the recipient's own line where it says more.
 */
export function citationLines(citation: string, ownAchievement: string): string[] {
	const lines = [citation.trim()];
	const own = ownAchievement.trim();
	if (own && own !== lines[0]) lines.push(own);
	return lines.filter(Boolean);
}

/** Whether a decision's citation already names the event (diacritics and case aside). */
function names(citation: string, title: string): boolean {
	const folded = foldVietnamese(title).trim();
	return folded !== '' && foldVietnamese(citation).includes(folded);
}

/**
 * A live game's prize line, naming the game once: not at all when the decision's citation
 * already does, and without "Rung chuông vàng" twice when the title carries it.
 */
export function livePrizeWording(tier: string, gameTitle: string, citation: string): string {
	if (names(citation, gameTitle)) return `Đạt ${tier}`;
	return foldVietnamese(gameTitle).includes('rung chuong vang')
		? `Đạt ${tier} cuộc thi “${gameTitle}”`
		: `Đạt ${tier} cuộc thi Rung chuông vàng “${gameTitle}”`;
}

/** A contest round's prize line: the round, and the contest unless the citation names it. */
export function roundPrizeWording(
	tier: string,
	roundTitle: string,
	contestTitle: string,
	citation: string
): string {
	return names(citation, contestTitle)
		? `Đạt ${tier} ${roundTitle}`
		: `Đạt ${tier} ${roundTitle}, ${contestTitle}`;
}

/**
 * What the organizer confirmed, as a short digest: a decision is written only when the list it
 * would write now is the one shown on the confirmation step.
 */
export function confirmationToken(plan: unknown): string {
	return createHash('sha256').update(JSON.stringify(plan)).digest('base64url').slice(0, 32);
}
