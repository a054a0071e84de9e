// Contest vocabulary shared by forms, pages and the schema.
export const contestScopes = ['members', 'public'] as const;
export type ContestScope = (typeof contestScopes)[number];
export const contestScopeLabels: Record<ContestScope, string> = {
	members: 'Đoàn viên trong đơn vị tổ chức',
	public: 'Mọi người (chọn đơn vị khi đăng ký)'
};

export const predictionKinds = ['participants', 'perfect'] as const;
export type PredictionKind = (typeof predictionKinds)[number];
export const predictionKindLabels: Record<PredictionKind, string> = {
	participants: 'Dự đoán số người tham gia',
	perfect: 'Dự đoán số người trả lời đúng tất cả'
};

export const tieBreakKeys = ['correct', 'prediction', 'duration', 'submitted'] as const;
export type TieBreakKey = (typeof tieBreakKeys)[number];
export const tieBreakLabels: Record<TieBreakKey, string> = {
	correct: 'Nhiều câu trả lời đúng hơn',
	prediction: 'Dự đoán gần đúng hơn',
	duration: 'Thời gian làm bài ít hơn',
	submitted: 'Nộp bài sớm hơn'
};
export const DEFAULT_TIE_BREAKS: TieBreakKey[] = ['correct', 'prediction', 'duration', 'submitted'];

/** Answers that arrive this long after the deadline still count (network delay). */
export const GRACE_MS = 5_000;

/** Guest registrations a client address may make per contest and hour, unless the contest says. */
export const DEFAULT_GUEST_HOURLY_LIMIT = 20;
