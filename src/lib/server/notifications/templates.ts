import { formatCertificateCode } from '$lib/shared/awards';
import { formatDuration } from '$lib/shared/contest-labels';
import { formatDate, formatNumber } from '$lib/shared/format';
import type { AccountTokenPurpose, MailTopic } from '$lib/shared/mail';
import type { MailBody } from './layout';

/** What a template gets besides its data: absolute links, built from the app's origin. */
export interface LinkContext {
	/** `path` on this server, absolute. */
	url(path: string): string;
	/** The single-use link minted for this message (templates that declare `secret`). */
	secretUrl: string | null;
}

export interface Template {
	/** A message carrying a single-use link for this purpose: minted when it is sent. */
	secret?: AccountTokenPurpose;
	render(data: Record<string, unknown>, links: LinkContext): MailBody;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A digest's items: in-app updates told by e-mail too. */
interface UpdateItem {
	message: string;
	link: string;
}

const updateSubjects: Record<MailTopic, (n: number, first: string) => string> = {
	dossiers: (n, first) => (n === 1 ? `Hồ sơ đề cử: ${first}` : `${n} cập nhật về hồ sơ đề cử`),
	judging: (n, first) => (n === 1 ? `Chấm điểm: ${first}` : `${n} cập nhật về việc chấm điểm`),
	awards: (n, first) => (n === 1 ? `Khen thưởng: ${first}` : `${n} cập nhật về khen thưởng`),
	contests: (n, first) => (n === 1 ? `Cuộc thi: ${first}` : `${n} cập nhật về cuộc thi`)
};

const clip = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const templates: Record<string, Template> = {
	test: {
		render: (data) => ({
			subject: 'Thư thử từ Gương Sáng',
			paragraphs: [
				'Đây là thư thử do quản trị viên gửi từ trang “Thư đi” để kiểm tra cấu hình gửi thư.',
				`Người gửi thử: ${str(data.requestedBy) || 'quản trị viên'}.`,
				'Nếu bạn đọc được thư này, máy chủ thư đã hoạt động. Bạn không cần làm gì thêm.'
			]
		})
	},
	invitation: {
		secret: 'invite',
		render: (data, links) => ({
			subject: 'Mời bạn tham gia Gương Sáng',
			name: str(data.fullName),
			paragraphs: [
				`${str(data.invitedBy) || 'Cán bộ quản lý'} đã tạo tài khoản Gương Sáng cho bạn${data.unitName ? ` tại ${str(data.unitName)}` : ''}, với địa chỉ email này.`,
				'Hãy bấm nút dưới đây để tự đặt mật khẩu của mình. Sau đó bạn đăng nhập bằng email này và mật khẩu vừa đặt.'
			],
			action: { label: 'Đặt mật khẩu', href: links.secretUrl ?? links.url('/') },
			notes: [
				'Liên kết dùng được một lần, trong 7 ngày. Khi hết hạn, hãy dùng “Quên mật khẩu” ở trang đăng nhập hoặc nhờ cán bộ quản lý gửi lại lời mời.',
				'Nếu bạn không biết về tài khoản này, hãy bỏ qua thư.'
			]
		})
	},
	password_reset: {
		secret: 'reset',
		render: (data, links) => ({
			subject: 'Đặt lại mật khẩu Gương Sáng',
			name: str(data.fullName),
			paragraphs: [
				'Có người (có thể là bạn) vừa yêu cầu đặt lại mật khẩu cho tài khoản Gương Sáng gắn với địa chỉ email này.',
				'Bấm nút dưới đây để đặt mật khẩu mới. Khi mật khẩu mới được lưu, mọi phiên đăng nhập cũ đều kết thúc.'
			],
			action: { label: 'Đặt mật khẩu mới', href: links.secretUrl ?? links.url('/') },
			notes: [
				'Liên kết dùng được một lần, trong 1 giờ.',
				'Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.'
			]
		})
	},
	email_verification: {
		secret: 'verify',
		render: (data, links) => ({
			subject: 'Xác nhận địa chỉ email của bạn',
			name: str(data.fullName),
			paragraphs: [
				'Cảm ơn bạn đã đăng ký Gương Sáng. Hãy bấm nút dưới đây để xác nhận địa chỉ email này là của bạn.',
				'Một số cuộc bình chọn chỉ nhận phiếu của tài khoản đã xác nhận email.'
			],
			action: { label: 'Xác nhận email', href: links.secretUrl ?? links.url('/') },
			notes: [
				'Liên kết dùng được một lần, trong 7 ngày.',
				'Nếu bạn không đăng ký, hãy bỏ qua thư này.'
			]
		})
	},
	/**
	 * An award decision names the recipient: which award, the decision, who issued it, and where
	 * anyone checks the certificate (its code) and reads the honour roll.
	 */
	award: {
		render: (data, links) => {
			const code = str(data.code);
			const achievement = str(data.achievement);
			const citation = str(data.citation);
			const unitName = str(data.unitName);
			return {
				subject: `Khen thưởng: ${str(data.awardLabel)} theo Quyết định số ${str(data.number)}`,
				name: str(data.name),
				paragraphs: [
					`${str(data.issuer)} đã ban hành Quyết định số ${str(data.number)} ngày ${formatDate(str(data.decidedOn))}, tặng ${str(data.awardLabel)} cho ${str(data.name)}${unitName ? ` (${unitName})` : ''}.`,
					...(citation ? [`Nội dung khen thưởng: ${citation}`] : []),
					...(achievement ? [`Thành tích: ${achievement}`] : []),
					`Giấy chứng nhận có mã xác minh ${formatCertificateCode(code)}: bất kỳ ai cũng kiểm tra được bằng mã này hoặc mã QR in trên giấy.`
				],
				action: { label: 'Xem giấy chứng nhận', href: links.url(`/xac-minh/${code}`) },
				items: [
					{
						text: 'Trang vinh danh trên bảng vàng Gương Sáng',
						href: links.url(`/vinh-danh/${str(data.slug)}`)
					}
				],
				notes: [
					'Bản giấy chứng nhận do đơn vị ban hành quyết định trao. Nếu thông tin chưa đúng, hãy liên hệ đơn vị đó.'
				]
			};
		}
	},
	/** What became of a request about one's personal data (Nghị định 13/2023/NĐ-CP). */
	privacy_request: {
		render: (data, links) => {
			const done = str(data.status) === 'done';
			const note = str(data.note);
			return {
				subject: done
					? 'Yêu cầu về dữ liệu cá nhân của bạn đã được thực hiện'
					: 'Yêu cầu về dữ liệu cá nhân của bạn chưa được thực hiện',
				name: str(data.fullName),
				paragraphs: [
					done
						? `Yêu cầu “${str(data.kind)}” bạn gửi tới Gương Sáng đã được thực hiện.`
						: `Yêu cầu “${str(data.kind)}” bạn gửi tới Gương Sáng chưa thể thực hiện.`,
					...(note ? [`${done ? 'Ghi chú' : 'Lý do'}: ${note}`] : []),
					'Bảng xếp hạng, danh sách đạt giải và hồ sơ khen thưởng chính thức vẫn giữ họ tên và đơn vị theo quy định.'
				],
				action: { label: 'Chính sách quyền riêng tư', href: links.url('/quyen-rieng-tu') },
				notes: ['Nếu có thắc mắc, hãy trả lời thư này hoặc liên hệ đơn vị tổ chức.']
			};
		}
	},
	/** A round's results to a player who asked for them at registration. */
	contest_results: {
		render: (data, links) => {
			const tier = str(data.tier);
			const round = str(data.roundTitle);
			const contest = str(data.contestTitle);
			return {
				subject: `Kết quả ${round}: ${contest}`,
				name: str(data.fullName),
				paragraphs: [
					`${contest} đã công bố kết quả ${round}.`,
					`Kết quả tốt nhất của bạn: ${num(data.correct)}/${num(data.questionCount)} câu đúng, thời gian ${formatDuration(num(data.durationMs))}, xếp hạng ${formatNumber(num(data.rank))}/${formatNumber(num(data.total))}.`,
					tier
						? `Chúc mừng! Bạn đạt ${tier}.`
						: 'Bạn chưa có tên trong danh sách đoạt giải của tuần này. Hẹn gặp bạn ở tuần thi sau!'
				],
				action: {
					label: 'Xem bảng xếp hạng',
					href: links.url(`/cuoc-thi/${num(data.contestId)}/tuan/${num(data.roundId)}`)
				},
				notes: ['Bạn nhận thư này vì đã chọn nhận kết quả từng tuần thi khi đăng ký dự thi.']
			};
		}
	},
	/** In-app updates of one topic, gathered for a few minutes: one message, many items. */
	updates: {
		render: (data, links) => {
			const items = (Array.isArray(data.items) ? data.items : []) as UpdateItem[];
			const topic = (str(data.topic) || 'dossiers') as MailTopic;
			return {
				subject: updateSubjects[topic](items.length, clip(items[0]?.message ?? '')),
				name: str(data.fullName),
				paragraphs: [
					items.length === 1
						? 'Có một cập nhật dành cho bạn trên Gương Sáng:'
						: `Có ${items.length} cập nhật dành cho bạn trên Gương Sáng:`
				],
				items: items.map((i) => ({ text: i.message, href: links.url(i.link) })),
				action: { label: 'Xem tất cả cập nhật', href: links.url('/thong-bao') }
			};
		}
	}
};
