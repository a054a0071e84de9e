import { formatNumber } from '$lib/shared/format';
import { invalid } from '../errors';

/** What any uploaded import file may cost the server, whatever is inside it. */
export const IMPORT_LIMITS = {
	/** The upload itself. */
	maxFileBytes: 5 * 1024 * 1024,
	/** Columns read from the left; anything further right is never looked at. */
	maxColumns: 100,
	/** Excel's own limit for one cell. */
	maxCellChars: 32_767,
	/** All the text kept from the rows read, counted per cell. */
	maxTextChars: 16_000_000,
	/** One unzipped part of an .xlsx (the sheet, its shared strings). */
	maxPartBytes: 64 * 1024 * 1024,
	/** Rows searched for the header. */
	headerScanRows: 15
} as const;

/** A refusal of the uploaded file, shown beside the file field. */
export function refuseFile(message: string) {
	return invalid(message, { file: [message] });
}

export const NOT_A_SPREADSHEET =
	'Tệp không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV (UTF-8).';
export const TOO_BIG_UNZIPPED =
	'Tệp Excel bung ra quá lớn (trên 64 MB dữ liệu). Hãy chỉ giữ lại trang tính cần nhập và lưu lại.';
export const TOO_MUCH_TEXT =
	'Tệp có quá nhiều chữ để nhập một lần. Hãy chia tệp thành nhiều phần nhỏ hơn.';

/** A cell longer than Excel allows; `where` is its address ("C12") when known. */
export function cellTooLong(where?: string): string {
	return `${where ? `Ô ${where}` : 'Một ô của tệp'} dài quá ${formatNumber(IMPORT_LIMITS.maxCellChars)} ký tự (giới hạn của Excel).`;
}

/** "A", "B", … "Z", "AA": the column letters Excel shows. */
export function columnLetters(index: number): string {
	let n = index + 1;
	let letters = '';
	while (n > 0) {
		const rest = (n - 1) % 26;
		letters = String.fromCharCode(65 + rest) + letters;
		n = Math.floor((n - 1) / 26);
	}
	return letters;
}
