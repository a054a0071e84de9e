// Shared vocabulary of campaigns and dossiers: labels for pages and exports alike.
import { formatDate, formatNumber } from './format';

export const categoryKinds = ['individual', 'collective', 'work'] as const;
export type CategoryKind = (typeof categoryKinds)[number];
export const categoryKindLabels: Record<CategoryKind, string> = {
	individual: 'Cá nhân',
	collective: 'Tập thể',
	work: 'Tác phẩm'
};

export const phaseKinds = ['nomination', 'screening', 'judging', 'voting', 'results'] as const;
export type PhaseKind = (typeof phaseKinds)[number];
export const phaseLabels: Record<PhaseKind, string> = {
	nomination: 'Nhận hồ sơ đề cử',
	screening: 'Thẩm định hồ sơ',
	judging: 'Hội đồng chấm',
	voting: 'Bình chọn trực tuyến',
	results: 'Công bố kết quả'
};

export const nominationStatuses = [
	'draft',
	'submitted',
	'returned',
	'accepted',
	'rejected',
	'withdrawn'
] as const;
export type NominationStatus = (typeof nominationStatuses)[number];
/** Statuses that hold a place in a quota: the dossier is on its way or was chosen. */
export const QUOTA_HOLDING: readonly NominationStatus[] = ['submitted', 'returned', 'accepted'];

export const nominationStatusLabels: Record<NominationStatus, string> = {
	draft: 'Bản nháp',
	submitted: 'Đã gửi, chờ thẩm định',
	returned: 'Trả lại để bổ sung',
	accepted: 'Đã được chấp nhận',
	rejected: 'Không được chấp nhận',
	withdrawn: 'Đã rút'
};

export const genders = ['male', 'female'] as const;
export const genderLabels: Record<(typeof genders)[number], string> = { male: 'Nam', female: 'Nữ' };

export type Nominee =
	| {
			kind: 'individual';
			fullName: string;
			gender: (typeof genders)[number];
			birthYear: number;
			ethnicity: string;
			position: string;
			workplace: string;
			/** Where the nominee is told of an award; never shown on public pages. */
			email?: string;
	  }
	| { kind: 'collective'; name: string; memberCount: number; head: string }
	| {
			kind: 'work';
			title: string;
			authors: string;
			publishedIn: string;
			publishedOn: string;
			link?: string;
	  };

export interface Achievement {
	/** ISO date (yyyy-mm-dd) */
	date: string;
	text: string;
}

/** The nominee as public pages show it: without their contact address. */
export function publicNominee(nominee: Nominee): Nominee {
	if (nominee.kind !== 'individual') return nominee;
	const { email: _email, ...rest } = nominee;
	return rest;
}

/** The nominee's particulars as label and value, as the dossier page and its PDF list them. */
export function nomineeFacts(n: Nominee): [string, string][] {
	if (n.kind === 'individual') {
		return [
			['Họ và tên', n.fullName],
			['Giới tính', genderLabels[n.gender]],
			['Năm sinh', String(n.birthYear)],
			['Dân tộc', n.ethnicity],
			['Chức vụ', n.position],
			['Đơn vị công tác', n.workplace],
			...(n.email ? [['Email', n.email] as [string, string]] : [])
		];
	}
	if (n.kind === 'collective') {
		return [
			['Tên tập thể', n.name],
			['Số thành viên', formatNumber(n.memberCount)],
			['Người đứng đầu', n.head]
		];
	}
	return [
		['Tên tác phẩm', n.title],
		['Tác giả', n.authors],
		['Nơi đăng, phát', n.publishedIn],
		['Ngày đăng', formatDate(n.publishedOn)]
	];
}

/** A dossier's history entries by what was done. */
export const dossierEventLabels: Record<string, string> = {
	create: 'Tạo hồ sơ',
	submit: 'Gửi lên',
	resubmit: 'Gửi lại sau khi bổ sung',
	withdraw: 'Rút hồ sơ',
	forward: 'Chuyển lên cấp trên',
	accept: 'Chấp nhận',
	return: 'Trả lại để bổ sung',
	reject: 'Không chấp nhận'
};

export function nomineeName(nominee: Nominee): string {
	return nominee.kind === 'individual'
		? nominee.fullName
		: nominee.kind === 'collective'
			? nominee.name
			: nominee.title;
}

export const campaignStatusLabels: Record<'draft' | 'published' | 'closed', string> = {
	draft: 'Bản nháp',
	published: 'Đã công bố',
	closed: 'Đã kết thúc'
};

/** A date-time as a datetime-local input wants it, in Vietnam time (UTC+7, no DST). */
export function toLocalInput(value: Date | string | null | undefined): string {
	if (!value) return '';
	const shifted = new Date(new Date(value).getTime() + 7 * 3_600_000);
	return shifted.toISOString().slice(0, 16);
}

/** A unit's places in a category as officers read them: "còn 1/3 suất", or that none is left. */
export function placesLeft(quota: number, used: number): string {
	if (quota === 0) return 'không được phân bổ suất nào';
	const left = Math.max(quota - used, 0);
	return left === 0 ? `đã dùng hết ${quota}/${quota} suất` : `còn ${left}/${quota} suất`;
}
