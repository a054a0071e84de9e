/**
 * A person's data as a book for the one export writer: one sheet per kind of record, the same
 * records as the JSON download.
 */
import { awardKindLabels } from '$lib/shared/awards';
import { roleLabels } from '$lib/shared/labels';
import { livePlayerStatusLabels } from '$lib/shared/live';
import { privacyRequestKindLabels, privacyRequestStatusLabels } from '$lib/shared/privacy';
import { table, type ExportBook } from '../files/export';
import type { MyData } from './service';

const text = (header: string) => ({ header, kind: 'text' }) as const;
const at = (header: string) => ({ header, kind: 'datetime' }) as const;
const num = (header: string) => ({ header, kind: 'number', grouping: false }) as const;

export function myDataBook(data: MyData): ExportBook {
	const a = data.account;
	return {
		filename: `du-lieu-cua-toi-${a.id}`,
		sheets: [
			table(
				'Tài khoản',
				[
					{ ...text('Mục'), value: (r: [string, string | Date | null]) => r[0] },
					{
						...text('Giá trị'),
						value: (r) =>
							r[1] instanceof Date ? r[1].toISOString() : r[1] === null ? '' : String(r[1])
					}
				],
				[
					['Mã tài khoản', String(a.id)],
					['Họ và tên', a.fullName],
					['Email', a.email],
					['Số điện thoại', a.phone],
					['Đơn vị', a.unitName],
					['Xác nhận email lúc', a.emailVerifiedAt],
					['Phiên bản nội dung đã đồng ý', a.consentVersion],
					['Đồng ý lúc', a.consentedAt],
					['Tạo lúc', a.createdAt]
				]
			),
			table(
				'Vai trò',
				[
					{ ...text('Vai trò'), value: (r) => roleLabels[r.role] },
					{ ...text('Đơn vị'), value: (r) => r.unitName },
					{ ...at('Từ'), value: (r) => r.since }
				],
				data.roles
			),
			table(
				'Đăng ký dự thi',
				[
					{ ...text('Cuộc thi'), value: (r) => r.contestTitle },
					{ ...text('Họ và tên'), value: (r) => r.fullName },
					{ ...text('Số điện thoại'), value: (r) => r.phone },
					{ ...text('Số CCCD/CMND'), value: (r) => r.idNumber },
					{ ...text('Ngày sinh'), value: (r) => r.birthDate },
					{ ...text('Đơn vị'), value: (r) => r.unitName },
					{ ...text('Email nhận kết quả'), value: (r) => r.resultsEmail },
					{ ...text('Phiên bản nội dung đã đồng ý'), value: (r) => r.consentVersion },
					{ ...at('Đồng ý lúc'), value: (r) => r.consentedAt },
					{ ...at('Đăng ký lúc'), value: (r) => r.createdAt }
				],
				data.contestRegistrations
			),
			table(
				'Lượt làm bài',
				[
					{ ...text('Tuần thi'), value: (r) => r.roundTitle },
					{ ...num('Lượt'), value: (r) => r.attemptNo },
					{ ...at('Bắt đầu'), value: (r) => r.startedAt },
					{ ...at('Nộp bài'), value: (r) => r.finishedAt },
					{ ...num('Số câu đúng'), value: (r) => r.correctCount },
					{ ...num('Dự đoán'), value: (r) => r.prediction }
				],
				data.contestAttempts
			),
			table(
				'Khen thưởng',
				[
					{ ...text('Họ và tên'), value: (r) => r.name },
					{ ...text('Đơn vị'), value: (r) => r.unitName },
					{ ...text('Hình thức'), value: (r) => r.customKind ?? awardKindLabels[r.kind] },
					{ ...text('Quyết định'), value: (r) => r.decisionNumber },
					{ ...text('Mã chứng nhận'), value: (r) => r.certificateCode },
					{ ...text('Email'), value: (r) => r.email }
				],
				data.awards
			),
			table(
				'Phiếu bình chọn',
				[
					{ ...text('Cuộc bình chọn'), value: (r) => r.pollTitle },
					{ ...text('Mã tra cứu'), value: (r) => r.trackingCode },
					{ ...at('Bỏ phiếu lúc'), value: (r) => r.castAt }
				],
				data.ballots
			),
			table(
				'Rung chuông vàng',
				[
					{ ...text('Trò chơi'), value: (r) => r.gameTitle },
					{ ...text('Tên hiển thị'), value: (r) => r.displayName },
					{ ...text('Đơn vị'), value: (r) => r.unitName },
					{ ...num('Số báo danh'), value: (r) => r.seat },
					{ ...text('Trạng thái'), value: (r) => livePlayerStatusLabels[r.status] },
					{ ...at('Vào lúc'), value: (r) => r.joinedAt }
				],
				data.liveGames
			),
			table(
				'Yêu cầu',
				[
					{ ...text('Yêu cầu'), value: (r) => privacyRequestKindLabels[r.kind] },
					{ ...text('Trạng thái'), value: (r) => privacyRequestStatusLabels[r.status] },
					{ ...text('Nội dung'), value: (r) => r.message },
					{ ...at('Gửi lúc'), value: (r) => r.createdAt }
				],
				data.requests
			)
		]
	};
}
