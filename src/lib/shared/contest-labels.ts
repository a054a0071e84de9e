export const phaseLabels = {
	draft: 'Chưa mở (chưa khoá đề)',
	scheduled: 'Sắp mở',
	open: 'Đang diễn ra',
	closed: 'Đã kết thúc'
} as const;

/** 754000 ms → "12 phút 34 giây". */
export function formatDuration(ms: number): string {
	const total = Math.round(ms / 1000);
	const m = Math.floor(total / 60);
	const s = total % 60;
	return m > 0 ? `${m} phút ${s} giây` : `${s} giây`;
}

/** Report filters from the address: ?tuan=<round id>, ?don-vi=<unit id> (drill-down). */
export function reportOptions(url: URL): { roundId?: number; unitId?: number } {
	const num = (key: string) => {
		const value = Number(url.searchParams.get(key));
		return Number.isInteger(value) && value > 0 ? value : undefined;
	};
	return { roundId: num('tuan'), unitId: num('don-vi') };
}
