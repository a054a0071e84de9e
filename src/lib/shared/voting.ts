/** Labels of public voting, shared by pages and exports. */
export const audienceLabels = {
	accounts: 'Chỉ tài khoản đã đăng nhập',
	anyone: 'Mọi người (xác minh chống gian lận, giới hạn theo địa chỉ mạng)'
} as const;

export const resultsVisibilityLabels = {
	live: 'Công khai trực tiếp trong khi bình chọn',
	after_close: 'Công khai sau khi kết thúc',
	organizers: 'Chỉ ban tổ chức xem'
} as const;

export const phaseLabels = {
	upcoming: 'Sắp mở',
	open: 'Đang bình chọn',
	closed: 'Đã kết thúc'
} as const;

/** "2026-11-25T08:00" for <input type="datetime-local">, in Vietnamese time. */
export function toVietnamInput(value: Date | string): string {
	return new Date(new Date(value).getTime() + 7 * 3600_000).toISOString().slice(0, 16);
}
