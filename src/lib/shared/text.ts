/**
 * A syllable-final y after a consonant (or "qu"), or standing alone, is the vowel i written the
 * other way: "kỷ"/"kỉ", "lý"/"lí", "quý"/"quí", "Mỹ"/"Mĩ". "uy", "ay" and "yê" keep their y.
 * Migration 0015 applies the same pattern to the stored folded columns.
 */
export const FINAL_Y = /(^|[^a-z]|qu|[bcdghklmnprstvx])y(?![a-z])/g;

/**
 * Folds Vietnamese text for search: "Nguyễn Văn Ánh" → "nguyen van anh", "Kỷ niệm" → "ki niem".
 * Diacritics are combining marks after NFD, except đ/Đ which is its own letter.
 */
export function foldVietnamese(value: string): string {
	return stripDiacritics(value).toLowerCase().replace(/\s+/g, ' ').trim().replace(FINAL_Y, '$1i');
}

/** Escapes LIKE wildcards so user search text matches literally. */
export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A title for next time: every year in it (2000–2099) moves on by one; without one, unchanged. */
export function bumpYears(title: string): string {
	return title.replace(/\b(20\d\d)\b/g, (year) => String(Number(year) + 1));
}

/**
 * Letters without diacritics (đ as d), case kept: what an ASCII-only reader can show
 * ("Nguyễn Văn Ánh" → "Nguyen Van Anh").
 */
export function stripDiacritics(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
}
