/**
 * Personal data under Nghị định 13/2023/NĐ-CP: the purpose statements shown where the app
 * collects personal data (each with a version, recorded with the consent), the default retention
 * period, and when a contest's or campaign's contact data falls due for erasure. Shared with the
 * browser, so forms show exactly the text the server records.
 */
import { formatDate } from './format';

/** Months contact data is kept after a contest's last round or a campaign's last phase ends. */
export const DEFAULT_RETENTION_MONTHS = 12;
export const MAX_RETENTION_MONTHS = 120;

export type ConsentPurpose = 'account' | 'contest';

export interface ConsentStatement {
	/** Recorded with each consent: a changed text gets a new version. */
	version: string;
	/** What is collected, why, who sees it, how long: read before the box is ticked. */
	lines: readonly string[];
	/** The box's label. */
	agree: string;
}

export const CONSENT_MISSING = 'Vui lòng đồng ý với việc xử lý dữ liệu cá nhân để tiếp tục.';

export const consentStatements: Record<ConsentPurpose, ConsentStatement> = {
	account: {
		version: 'tai-khoan-2026-12',
		lines: [
			'Chúng tôi thu thập họ tên, email, số điện thoại (nếu bạn nhập) và đơn vị của bạn để tạo tài khoản, cho bạn dự thi, bình chọn và nhận thông báo.',
			'Chỉ bạn, cán bộ tổ chức của đơn vị bạn và quản trị viên xem được các thông tin này; không công khai, không bán hay chuyển cho bên khác.',
			'Dữ liệu được giữ đến khi bạn yêu cầu xoá tài khoản. Bạn có thể tải dữ liệu của mình và yêu cầu xoá trong trang “Dữ liệu của tôi”.'
		],
		agree:
			'Tôi đồng ý để đơn vị tổ chức xử lý dữ liệu cá nhân của tôi cho các mục đích trên (Nghị định 13/2023/NĐ-CP).'
	},
	contest: {
		version: 'du-thi-2026-12',
		lines: [
			'Chúng tôi thu thập họ tên, số điện thoại, số CCCD/CMND (nếu có), ngày sinh và đơn vị để xác minh người dự thi, liên hệ và trao giải.',
			'Ban tổ chức cuộc thi và quản trị viên xem được các thông tin này. Bảng xếp hạng và danh sách đạt giải công khai chỉ họ tên và đơn vị.',
			'Số điện thoại, số CCCD/CMND, ngày sinh và email được xoá khi hết thời hạn lưu trữ ghi dưới đây; họ tên và đơn vị vẫn giữ trong bảng xếp hạng và hồ sơ khen thưởng.'
		],
		agree:
			'Tôi đồng ý để ban tổ chức xử lý dữ liệu cá nhân của tôi cho các mục đích trên (Nghị định 13/2023/NĐ-CP).'
	}
};

/** What a poll keeps of a voter: told on the poll's page (no consent box: nothing identifying is asked). */
export const VOTING_NOTICE =
	'Khi bình chọn, chúng tôi chỉ lưu lựa chọn, thời điểm, mã tra cứu phiếu và một mã băm của địa chỉ mạng (để chống gian lận, không lưu địa chỉ); nếu bạn đăng nhập, phiếu gắn với tài khoản để mỗi người bình chọn một lần.';

/** What a live game keeps of a player: told on the join form. */
export const LIVE_NOTICE =
	'Trò chơi chỉ lưu tên hiển thị, đơn vị bạn nhập, số báo danh và các câu trả lời, để hiện trên màn hình lớn và xếp kết quả. Không hỏi số điện thoại hay số CCCD.';

/** The erasure date: `months` after `end` (the last round's close or the last phase's end). */
export function retentionEndsAt(end: Date, months: number): Date {
	const d = new Date(end.getTime());
	d.setUTCMonth(d.getUTCMonth() + months);
	return d;
}

/** The line a registration form shows: how long, and until which day when the end is known. */
export function retentionNotice(months: number, end: Date | null): string {
	const until = end ? ` (đến ngày ${formatDate(retentionEndsAt(end, months))})` : '';
	return `Thời hạn lưu trữ: ${months} tháng sau khi kết thúc${until}.`;
}

export const privacyRequestKinds = ['delete', 'access', 'correct', 'withdraw'] as const;
export type PrivacyRequestKind = (typeof privacyRequestKinds)[number];
export const privacyRequestKindLabels: Record<PrivacyRequestKind, string> = {
	delete: 'Xoá dữ liệu cá nhân',
	access: 'Cung cấp bản sao dữ liệu',
	correct: 'Chỉnh sửa dữ liệu',
	withdraw: 'Rút lại sự đồng ý'
};

export const privacyRequestStatuses = ['pending', 'done', 'rejected'] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];
export const privacyRequestStatusLabels: Record<PrivacyRequestStatus, string> = {
	pending: 'Chờ xử lý',
	done: 'Đã thực hiện',
	rejected: 'Từ chối'
};
