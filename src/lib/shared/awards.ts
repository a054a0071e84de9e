// Shared vocabulary of award records: labels for pages, certificates and exports alike.

export const awardKinds = [
	'bang_khen',
	'giay_khen',
	'giai_nhat',
	'giai_nhi',
	'giai_ba',
	'giai_khuyen_khich',
	'custom'
] as const;
export type AwardKind = (typeof awardKinds)[number];
export const awardKindLabels: Record<AwardKind, string> = {
	bang_khen: 'Bằng khen',
	giay_khen: 'Giấy khen',
	giai_nhat: 'Giải Nhất',
	giai_nhi: 'Giải Nhì',
	giai_ba: 'Giải Ba',
	giai_khuyen_khich: 'Giải Khuyến khích',
	custom: 'Hình thức khác'
};

export const recipientTypes = ['individual', 'collective'] as const;
export type RecipientType = (typeof recipientTypes)[number];
export const recipientTypeLabels: Record<RecipientType, string> = {
	individual: 'Cá nhân',
	collective: 'Tập thể'
};

export const awardSources = ['campaign', 'contest_round', 'manual', 'live_game'] as const;
export type AwardSource = (typeof awardSources)[number];
export const awardSourceLabels: Record<AwardSource, string> = {
	campaign: 'Kết quả đợt tôn vinh',
	contest_round: 'Kết quả tuần thi',
	manual: 'Nhập trực tiếp',
	live_game: 'Kết quả Rung chuông vàng'
};

/** A blank field on a campaign's decision leaves each recipient its own category's field. */
export const CATEGORY_FIELD_HINT =
	'Để trống: mỗi người được khen giữ lĩnh vực của hạng mục mình trong đợt tôn vinh (nếu có).';

/** What is printed: the organizer's own wording for a custom kind, else the standard label. */
export function awardLabel(kind: AwardKind, customKind: string | null | undefined): string {
	return kind === 'custom' && customKind ? customKind : awardKindLabels[kind];
}

/** A certificate code is shown in groups of five so it can be read aloud and typed. */
export function formatCertificateCode(code: string): string {
	return code.match(/.{1,5}/g)?.join('-') ?? code;
}
