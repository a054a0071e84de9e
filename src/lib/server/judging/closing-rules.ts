// Pure rules of the judging round's end: when judges are warned, and who is still behind.
import type { AssignmentStatus } from '$lib/shared/judging';

/** How long before the judging phase ends the judges still behind are warned. */
export const CLOSING_WARNING_MS = 24 * 60 * 60_000;

/** Whether a round ending at `endsAt` closes within the warning window from `now` (not yet ended). */
export function closesSoon(endsAt: Date, now: Date, windowMs = CLOSING_WARNING_MS): boolean {
	const left = endsAt.getTime() - now.getTime();
	return left > 0 && left <= windowMs;
}

/** How many dossiers each judge has yet to submit (assigned or drafted), judges with none left out. */
export function dossiersLeftByJudge(
	assignments: readonly { judgeId: number; status: AssignmentStatus }[]
): Map<number, number> {
	const left = new Map<number, number>();
	for (const a of assignments)
		if (a.status === 'assigned' || a.status === 'draft')
			left.set(a.judgeId, (left.get(a.judgeId) ?? 0) + 1);
	return left;
}
