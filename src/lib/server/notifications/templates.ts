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
