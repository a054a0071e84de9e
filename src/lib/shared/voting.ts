import { formatAtDateTime } from './format';

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

/** Where a tally stands: final, or provisional because the poll is open or has few ballots. */
export interface ResultStanding {
	provisional: boolean;
	/** The poll still takes ballots. */
	open: boolean;
	/** Ballots still missing to reach the organizer's minimum (0 when reached or none set). */
	missing: number;
	minVotes: number | null;
}

/**
 * Results are provisional while the poll is open, and until it has the minimum number of valid
 * ballots the organizer set: with one ballot out of three, a ranking can swing 30 points.
 */
export function resultStanding(
	poll: { closesAt: Date | string; minVotes: number | null },
	counted: number,
	now: Date
): ResultStanding {
	const open = now < new Date(poll.closesAt);
	const missing = poll.minVotes ? Math.max(0, poll.minVotes - counted) : 0;
	return { provisional: open || missing > 0, open, missing, minVotes: poll.minVotes };
}

/** The sentence under a provisional result, or null when the result is final. */
export function provisionalNote(standing: ResultStanding): string | null {
	if (!standing.provisional) return null;
	const parts: string[] = [];
	if (standing.open) parts.push('cuộc bình chọn vẫn đang mở');
	if (standing.missing > 0)
		parts.push(
			`cần ít nhất ${standing.minVotes!.toLocaleString('vi-VN')} phiếu hợp lệ, còn thiếu ${standing.missing.toLocaleString('vi-VN')} phiếu`
		);
	return `Kết quả tạm thời: ${parts.join('; ')}.`;
}

/** What a voter who has voted in this period reads in place of the vote button. */
export function votedNotice(
	ballot: { castAt: Date | string; trackingCode: string; nextVoteAt: Date | string | null },
	poll: { dailyVoting: boolean }
): { title: string; code: string; when: string; next: string } {
	return {
		title: poll.dailyVoting ? 'Bạn đã bình chọn hôm nay' : 'Bạn đã bình chọn',
		code: ballot.trackingCode,
		when: formatAtDateTime(ballot.castAt),
		next: ballot.nextVoteAt
			? `Bạn có thể bình chọn lại từ ${formatAtDateTime(ballot.nextVoteAt)}.`
			: poll.dailyVoting
				? 'Hôm nay là ngày bình chọn cuối cùng. Cảm ơn bạn đã tham gia!'
				: 'Mỗi người chỉ được bình chọn một lần trong cuộc bình chọn này.'
	};
}
