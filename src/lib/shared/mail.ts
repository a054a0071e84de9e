/** E-mail vocabulary shared by the server and the pages that show it. */

export const mailStatuses = ['pending', 'sending', 'delivered', 'kept', 'failed'] as const;
export type MailStatus = (typeof mailStatuses)[number];

export const mailStatusLabels: Record<MailStatus, string> = {
	pending: 'Chờ gửi',
	sending: 'Đang gửi',
	delivered: 'Đã gửi',
	kept: 'Lưu tại máy (chưa cấu hình máy chủ thư)',
	failed: 'Gửi không được'
};

export const accountTokenPurposes = ['invite', 'reset', 'verify'] as const;
export type AccountTokenPurpose = (typeof accountTokenPurposes)[number];

/**
 * What a person may turn off. Invitations, password resets, address checks and test messages are
 * essential: they always go.
 */
export const mailTopics = ['dossiers', 'judging', 'awards', 'contests'] as const;
export type MailTopic = (typeof mailTopics)[number];

export const mailTopicLabels: Record<MailTopic, string> = {
	dossiers: 'Hồ sơ đề cử: gửi, trả lại, chuyển lên, chấp nhận, không chấp nhận',
	judging: 'Chấm điểm: phân công, nhắc việc, vòng chấm sắp đóng',
	awards: 'Khen thưởng: quyết định và giấy chứng nhận',
	contests: 'Cuộc thi: kết quả các tuần thi bạn đã đăng ký nhận'
};
