// Shared vocabulary of judging panels: labels for pages and exports alike, and the rubric
// arithmetic the scoring pages show while typing (the server computes the same, from here).

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

// ---------------------------------------------------------------- rubric arithmetic

/** The best total a rubric allows: Σ weight × max. */
export function rubricScale(criteria: readonly { maxScore: number; weight: number }[]): number {
	return round(criteria.reduce((sum, c) => sum + c.weight * c.maxScore, 0));
}

/** A judge's weighted total: Σ weight × score over the rubric's criteria. */
export function weightedTotal(
	criteria: readonly { id: number; weight: number }[],
	scores: ReadonlyMap<number, number>
): number {
	return round(criteria.reduce((sum, c) => sum + c.weight * (scores.get(c.id) ?? 0), 0));
}

/** Figures are kept to 2 decimals, as the score sheet prints them; ties are judged on those. */
export function round(value: number): number {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}
