export const roleKinds = ['admin', 'organizer', 'officer', 'judge', 'member'] as const;
export type RoleKind = (typeof roleKinds)[number];

export const roleLabels: Record<RoleKind, string> = {
	admin: 'Quản trị hệ thống',
	organizer: 'Cán bộ tổ chức',
	officer: 'Cán bộ đơn vị',
	judge: 'Giám khảo',
	member: 'Đoàn viên / thành viên'
};

export const unitKinds = ['province', 'block', 'district', 'grassroots', 'branch', 'other'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const unitKindLabels: Record<UnitKind, string> = {
	province: 'Tỉnh / Thành phố',
	block: 'Khối',
	district: 'Quận / Huyện / Xã',
	grassroots: 'Cơ sở',
	branch: 'Chi đoàn / Chi bộ',
	other: 'Khác'
};
