export const roleKinds = ['admin', 'organizer', 'officer', 'judge', 'member'] as const;
export type RoleKind = (typeof roleKinds)[number];

export const roleLabels: Record<RoleKind, string> = {
	admin: 'Quản trị hệ thống',
	organizer: 'Cán bộ tổ chức',
	officer: 'Cán bộ đơn vị',
	judge: 'Giám khảo',
	member: 'Đoàn viên / thành viên'
};

export const unitKinds = [
	'province',
	'block',
	'district',
	'grassroots',
	'branch',
	'other'
] as const;
export type UnitKind = (typeof unitKinds)[number];

export const unitKindLabels: Record<UnitKind, string> = {
	province: 'Tỉnh / Thành phố',
	block: 'Khối',
	district: 'Quận / Huyện / Xã',
	grassroots: 'Cơ sở',
	branch: 'Chi đoàn / Chi bộ',
	other: 'Khác'
};

export const auditActionLabels: Record<string, string> = {
	'unit.create': 'Thêm đơn vị',
	'unit.update': 'Sửa đơn vị',
	'unit.move': 'Chuyển đơn vị',
	'unit.archive': 'Lưu trữ đơn vị',
	'unit.restore': 'Khôi phục đơn vị',
	'unit.import': 'Nhập đơn vị từ tệp',
	'user.register': 'Tự đăng ký tài khoản',
	'user.create': 'Tạo tài khoản',
	'user.create_admin': 'Tạo quản trị viên đầu tiên',
	'user.import': 'Nhập tài khoản từ tệp',
	'user.update': 'Sửa tài khoản',
	'user.deactivate': 'Vô hiệu hoá tài khoản',
	'user.reactivate': 'Kích hoạt lại tài khoản',
	'user.password_change': 'Đổi mật khẩu',
	'user.password_reset': 'Đặt lại mật khẩu',
	'role.assign': 'Giao vai trò',
	'role.revoke': 'Thu hồi vai trò',
	'campaign.create': 'Tạo đợt tôn vinh',
	'campaign.update': 'Sửa đợt tôn vinh',
	'campaign.category_add': 'Thêm hạng mục',
	'campaign.category_update': 'Sửa hạng mục',
	'campaign.category_remove': 'Xoá hạng mục',
	'campaign.phases': 'Đặt lịch các giai đoạn',
	'campaign.publish': 'Công bố đợt',
	'nomination.create': 'Tạo hồ sơ đề cử',
	'nomination.edit': 'Sửa hồ sơ đề cử',
	'nomination.delete': 'Xoá bản nháp hồ sơ',
	'nomination.file_add': 'Thêm tệp vào hồ sơ',
	'nomination.file_remove': 'Xoá tệp khỏi hồ sơ',
	'nomination.submit': 'Gửi hồ sơ',
	'nomination.resubmit': 'Gửi lại hồ sơ',
	'nomination.withdraw': 'Rút hồ sơ',
	'nomination.forward': 'Chuyển hồ sơ lên cấp trên',
	'nomination.accept': 'Chấp nhận hồ sơ',
	'nomination.return': 'Trả lại hồ sơ',
	'nomination.reject': 'Không chấp nhận hồ sơ',
	'poll.create': 'Tạo cuộc bình chọn',
	'poll.update': 'Sửa cuộc bình chọn',
	'poll.option.add': 'Thêm phương án bình chọn',
	'poll.option.remove': 'Xoá phương án bình chọn',
	'vote.void': 'Huỷ phiếu bình chọn',
	'question.create': 'Thêm câu hỏi',
	'question.update': 'Sửa câu hỏi',
	'question.approve': 'Duyệt câu hỏi',
	'question.retire': 'Ngừng dùng câu hỏi',
	'question.import': 'Nhập câu hỏi từ tệp',
	'contest.create': 'Tạo cuộc thi',
	'contest.round_create': 'Thêm tuần thi',
	'contest.round_open': 'Mở tuần thi',
	'contest.register': 'Đăng ký dự thi',
	'contest.player_void': 'Huỷ kết quả người dự thi',
	'contest.winners_publish': 'Công bố người đoạt giải',
	'live.create': 'Tạo trò chơi Rung chuông vàng',
	'live.start': 'Bắt đầu trò chơi trực tiếp',
	'live.open': 'Mở câu hỏi trực tiếp',
	'live.close': 'Đóng câu hỏi trực tiếp',
	'live.reveal': 'Công bố đáp án trực tiếp',
	'live.pause': 'Tạm dừng câu hỏi trực tiếp',
	'live.resume': 'Tiếp tục câu hỏi trực tiếp',
	'live.rescue': 'Cứu trợ người chơi',
	'live.kick': 'Mời người chơi ra khỏi phòng',
	'live.lock': 'Khóa/mở phòng chờ',
	'live.seat': 'Xếp chỗ người chơi (bảng trắng)',
	'live.mark': 'Chấm bảng trắng',
	'live.end': 'Kết thúc trò chơi trực tiếp'
};

/** Field names inside audit before/after snapshots, as a person reads them. */
export const auditFieldLabels: Record<string, string> = {
	name: 'Tên',
	code: 'Mã',
	kind: 'Loại',
	memberCount: 'Số đoàn viên',
	parentId: 'Mã số đơn vị cấp trên',
	path: 'Vị trí trong cây',
	archived: 'Đã lưu trữ',
	email: 'Email',
	fullName: 'Họ và tên',
	phone: 'Số điện thoại',
	unitId: 'Mã số đơn vị',
	role: 'Vai trò',
	active: 'Đang hoạt động',
	file: 'Tệp',
	row: 'Dòng'
};
