/**
 * Folds Vietnamese text for search: "Nguyễn Văn Ánh" → "nguyen van anh". Diacritics are
 * combining marks after NFD, except đ/Đ which is its own letter.
 */
export function foldVietnamese(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Escapes LIKE wildcards so user search text matches literally. */
export function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
