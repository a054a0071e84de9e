// Shared vocabulary of judging panels: labels for pages and exports alike.

export const panelStatuses = ['setup', 'open', 'closed'] as const;
export type PanelStatus = (typeof panelStatuses)[number];
export const panelStatusLabels: Record<PanelStatus, string> = {
	setup: 'Đang chuẩn bị',
	open: 'Đang chấm',
	closed: 'Đã kết thúc chấm'
};

export const assignmentModes = ['all', 'k'] as const;
export type AssignmentMode = (typeof assignmentModes)[number];
export const assignmentModeLabels: Record<AssignmentMode, string> = {
	all: 'Mọi giám khảo chấm mọi hồ sơ',
	k: 'Mỗi hồ sơ do k giám khảo chấm'
};

export const assignmentStatuses = ['assigned', 'draft', 'submitted', 'conflict'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];
export const assignmentStatusLabels: Record<AssignmentStatus, string> = {
	assigned: 'Chưa chấm',
	draft: 'Đã lưu nháp',
	submitted: 'Đã nộp điểm',
	conflict: 'Đã báo xung đột lợi ích'
};

/** A dossier the assignment could not give all the judges it should have, and why. */
export interface CoverageGap {
	nominationId: number;
	nomineeName: string;
	wanted: number;
	got: number;
	reason: string;
}

/** A dossier short of judges as the organizer sees it: whether it can be given judges now. */
export interface Shortfall extends CoverageGap {
	assignable: boolean;
}

export const shortlistRules = ['top', 'threshold'] as const;
export type ShortlistRule = (typeof shortlistRules)[number];
