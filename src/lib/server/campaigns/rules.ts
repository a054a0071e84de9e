import { bumpYears } from '$lib/shared/text';
import type { PhaseKind } from '$lib/shared/campaigns';
import { phaseKinds } from '$lib/shared/campaigns';

/** Pure rules of campaigns: phases and what a change to a published campaign may do. */

export interface Phase {
	kind: PhaseKind;
	startsAt: Date;
	endsAt: Date;
}

/** Open means startsAt ≤ now < endsAt: the instant of closing is already closed. */
export function isOpen(phase: Pick<Phase, 'startsAt' | 'endsAt'> | undefined, now: Date): boolean {
	return (
		!!phase && phase.startsAt.getTime() <= now.getTime() && now.getTime() < phase.endsAt.getTime()
	);
}

export function phaseOf(phases: Phase[], kind: PhaseKind): Phase | undefined {
	return phases.find((p) => p.kind === kind);
}

/** Problems with a timeline: nomination is required, every phase ends after it starts, and
 * phases come in their natural order without overlapping. */
export function timelineProblems(
	phases: Phase[]
): { kind: PhaseKind | '_form'; message: string }[] {
	const problems: { kind: PhaseKind | '_form'; message: string }[] = [];
	if (!phaseOf(phases, 'nomination'))
		problems.push({ kind: 'nomination', message: 'Cần có thời gian nhận hồ sơ đề cử.' });
	for (const phase of phases) {
		if (phase.startsAt.getTime() >= phase.endsAt.getTime()) {
			problems.push({
				kind: phase.kind,
				message: 'Thời điểm kết thúc phải sau thời điểm bắt đầu.'
			});
		}
	}
	const ordered = phaseKinds.map((k) => phaseOf(phases, k)).filter((p): p is Phase => !!p);
	for (let i = 1; i < ordered.length; i++) {
		const previous = ordered[i - 1]!;
		const phase = ordered[i]!;
		if (phase.startsAt.getTime() < previous.endsAt.getTime()) {
			problems.push({
				kind: phase.kind,
				message: 'Giai đoạn này phải bắt đầu sau khi giai đoạn trước kết thúc.'
			});
		}
	}
	return problems;
}

/** The current phase, or where the campaign stands between phases. */
export function currentStage(
	phases: Phase[],
	now: Date
): { kind: PhaseKind | 'before' | 'between' | 'after'; phase?: Phase } {
	const ordered = phaseKinds.map((k) => phaseOf(phases, k)).filter((p): p is Phase => !!p);
	const open = ordered.find((p) => isOpen(p, now));
	if (open) return { kind: open.kind, phase: open };
	if (ordered.length === 0 || now.getTime() < ordered[0]!.startsAt.getTime())
		return { kind: 'before' };
	if (now.getTime() >= ordered[ordered.length - 1]!.endsAt.getTime()) return { kind: 'after' };
	return { kind: 'between' };
}

/**
 * Dossiers may be screened from the opening of nominations until screening ends (or
 * nominations end, when there is no separate screening phase).
 */
export function screeningWindow(phases: Phase[]): { startsAt: Date; endsAt: Date } | undefined {
	const nomination = phaseOf(phases, 'nomination');
	if (!nomination) return undefined;
	const screening = phaseOf(phases, 'screening');
	return { startsAt: nomination.startsAt, endsAt: screening?.endsAt ?? nomination.endsAt };
}

/**
 * A published campaign may change only in ways that keep the dossiers already sent valid: a
 * category with dossiers keeps its kind and cannot go, and its quota cannot drop below use.
 */
export function categoryChangeProblem(
	change: { kind: string; quotaPerUnit: number } | 'remove',
	current: { kind: string },
	usage: { dossiers: number; highestUnitUse: number }
): string | null {
	if (usage.dossiers === 0) return null;
	if (change === 'remove') return 'Hạng mục đã có hồ sơ nên không thể xoá.';
	if (change.kind !== current.kind) return 'Hạng mục đã có hồ sơ nên không thể đổi loại đối tượng.';
	if (change.quotaPerUnit < usage.highestUnitUse) {
		return `Có đơn vị đã gửi ${usage.highestUnitUse} hồ sơ: chỉ tiêu không thể thấp hơn số đó.`;
	}
	return null;
}

/** Whether a unit's path lies strictly below another's (paths are "/1/5/12/"). */
export function isBelow(path: string, above: string): boolean {
	return path !== above && path.startsWith(above);
}

/**
 * Why a unit cannot be given `places` in a category (null: it can). The category must be the
 * campaign's, the unit active and below the organizing unit, and the quota it ends with (its own,
 * or the category's when `places` is null) no lower than the places it already holds.
 */
export function quotaProblem(cell: {
	category: { quotaPerUnit: number } | null;
	unit: { name: string; archivedAt: Date | null } | null;
	places: number | null;
	used: number;
}): string | null {
	if (!cell.category) return 'Hạng mục không thuộc đợt này.';
	if (!cell.unit) return 'Đơn vị không thuộc phạm vi của đợt này.';
	if (cell.unit.archivedAt && cell.places !== null) return `${cell.unit.name} đã bị lưu trữ.`;
	const quota = cell.places ?? cell.category.quotaPerUnit;
	if (quota < cell.used)
		return `${cell.unit.name} đã dùng ${cell.used} suất: chỉ tiêu không thể thấp hơn số đó.`;
	return null;
}

/** A copy's title for the next year: its years move on (`bumpYears`), or the new one is added. */
export function nextYearTitle(title: string, year: number): string {
	return title.includes(String(year)) ? bumpYears(title) : `${title} năm ${year + 1}`;
}
