// Pure rules of judging: conflicts of interest, assignment, score sheets and the arithmetic of
// results. Nothing here touches the database, so every rule is tested on fixed examples.
import type { FieldErrors } from '../errors';
import {
	round,
	type AssignmentStatus,
	type CoverageGap,
	type Shortfall
} from '$lib/shared/judging';

/**
 * A judge may not score a dossier when their unit is the nominating unit, lies below it, or
 * lies on its way up to the organizing unit (the levels that screened and forwarded it). The
 * organizing unit itself is neutral: it screens every dossier alike.
 */
export function hasConflictOfInterest(
	judgeUnitPath: string | null,
	nominatingUnitPath: string,
	organizingUnitPath: string
): boolean {
	if (!judgeUnitPath) return false;
	if (judgeUnitPath.startsWith(nominatingUnitPath)) return true;
	return (
		nominatingUnitPath.startsWith(judgeUnitPath) &&
		judgeUnitPath.startsWith(organizingUnitPath) &&
		judgeUnitPath !== organizingUnitPath
	);
}

export interface DossierToAssign {
	id: number;
	name: string;
	/** Judges of the panel without a conflict of interest with this dossier. */
	eligible: number[];
	/** Set when nobody may be given the dossier at all, and why (e.g. its category has no rubric). */
	blocked?: string;
}

/** An assignment already made. A judge who declared a conflict is never given the dossier again. */
export interface HeldAssignment {
	nominationId: number;
	judgeId: number;
	status: AssignmentStatus;
}

export interface AssignmentPlan {
	pairs: { nominationId: number; judgeId: number }[];
	/** Dossiers still short of judges once the plan is carried out, and why. */
	gaps: CoverageGap[];
	loads: Map<number, number>;
	/** Set when conflicts make loads differ by more than one whatever the assignment. */
	imbalance: string | null;
}

/**
 * Whether a held assignment gives its dossier a judge: not after a declared conflict, and, from a
 * judge no longer available (e.g. their account closed), only a sheet already submitted.
 */
function counts(h: HeldAssignment, available: ReadonlySet<number>): boolean {
	return h.status !== 'conflict' && (available.has(h.judgeId) || h.status === 'submitted');
}

/** How many judges each dossier should have: every judge of the panel, or k. */
function judgesWanted(mode: 'all' | 'k', k: number | null, panelSize: number): number {
	return mode === 'all' ? panelSize : (k ?? 1);
}

/**
 * Gives each dossier the judges it still lacks, on top of the assignments already held: all
 * eligible judges, or up to k, each time to the least-loaded eligible judges not yet on it.
 * Dossiers with the fewest free judges go first. The same rule serves the opening of the round
 * (nothing held yet) and every dossier or judge that arrives while it is open, so a late
 * dossier is judged exactly like the others.
 */
export function completeAssignments(
	dossiers: DossierToAssign[],
	/** The judges available now; only they are given anything. */
	judges: number[],
	held: HeldAssignment[],
	mode: 'all' | 'k',
	k: number | null
): Omit<AssignmentPlan, 'imbalance'> {
	const panel = new Set(judges);
	const active = held.filter((h) => counts(h, panel));
	const loads = new Map(judges.map((j) => [j, active.filter((h) => h.judgeId === j).length]));
	const wanted = judgesWanted(mode, k, judges.length);
	const pairs: AssignmentPlan['pairs'] = [];
	const gaps: CoverageGap[] = [];
	const slots = dossiers.map((dossier) => {
		const onIt = new Set(held.filter((h) => h.nominationId === dossier.id).map((h) => h.judgeId));
		const eligible = dossier.eligible.filter((j) => panel.has(j));
		return {
			dossier,
			has: active.filter((h) => h.nominationId === dossier.id).length,
			declared: held.filter(
				(h) =>
					h.nominationId === dossier.id && h.status === 'conflict' && eligible.includes(h.judgeId)
			).length,
			free: dossier.blocked ? [] : eligible.filter((j) => !onIt.has(j))
		};
	});
	slots.sort((a, b) => a.free.length - b.free.length || a.dossier.id - b.dossier.id);
	for (const { dossier, has, declared, free } of slots) {
		const chosen = [...free]
			.sort((a, b) => loads.get(a)! - loads.get(b)! || a - b)
			.slice(0, Math.max(0, wanted - has));
		for (const judgeId of chosen) {
			loads.set(judgeId, loads.get(judgeId)! + 1);
			pairs.push({ nominationId: dossier.id, judgeId });
		}
		const got = has + chosen.length;
		if (got < wanted) {
			const conflicted = judges.length - got;
			gaps.push({
				nominationId: dossier.id,
				nomineeName: dossier.name,
				wanted,
				got,
				reason:
					dossier.blocked ??
					(judges.length < wanted
						? `Hội đồng chỉ có ${judges.length} giám khảo.`
						: `${conflicted} giám khảo có xung đột lợi ích với hồ sơ này${
								declared ? ` (${declared} giám khảo tự báo)` : ''
							}.`)
			});
		}
	}
	pairs.sort((a, b) => a.nominationId - b.nominationId || a.judgeId - b.judgeId);
	gaps.sort((a, b) => a.nominationId - b.nominationId);
	return { pairs, gaps, loads };
}

/**
 * The opening assignment: {@link completeAssignments} from nothing, then a rebalancing pass that
 * moves dossiers from the busiest to the idlest judge where allowed, keeping loads within one.
 */
export function assignJudges(
	dossiers: DossierToAssign[],
	judges: number[],
	mode: 'all' | 'k',
	k: number | null
): AssignmentPlan {
	const { pairs, gaps, loads } = completeAssignments(dossiers, judges, [], mode, k);
	const assigned = new Map(dossiers.map((d) => [d.id, new Set<number>()]));
	for (const p of pairs) assigned.get(p.nominationId)!.add(p.judgeId);
	let imbalance: string | null = null;
	if (mode === 'k' && judges.length > 1) {
		imbalance = rebalance(dossiers, assigned, loads);
	}
	const balanced = [...assigned].flatMap(([nominationId, set]) =>
		[...set].map((judgeId) => ({ nominationId, judgeId }))
	);
	balanced.sort((a, b) => a.nominationId - b.nominationId || a.judgeId - b.judgeId);
	return { pairs: balanced, gaps, loads, imbalance };
}

function rebalance(
	dossiers: DossierToAssign[],
	assigned: Map<number, Set<number>>,
	loads: Map<number, number>
): string | null {
	const eligibleOf = new Map(dossiers.map((d) => [d.id, new Set(d.eligible)]));
	for (;;) {
		const byLoad = [...loads].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
		const max = byLoad[0]![1];
		const min = byLoad[byLoad.length - 1]![1];
		if (max - min <= 1) return null;
		let moved = false;
		search: for (const [busy, busyLoad] of byLoad) {
			for (const [idle, idleLoad] of [...byLoad].reverse()) {
				if (busyLoad - idleLoad < 2) break;
				for (const [dossierId, set] of [...assigned].sort((a, b) => a[0] - b[0])) {
					if (set.has(busy) && !set.has(idle) && eligibleOf.get(dossierId)!.has(idle)) {
						set.delete(busy);
						set.add(idle);
						loads.set(busy, busyLoad - 1);
						loads.set(idle, idleLoad + 1);
						moved = true;
						break search;
					}
				}
			}
		}
		if (!moved) {
			return `Do xung đột lợi ích, số hồ sơ của các giám khảo chênh nhau ${max - min} (từ ${min} đến ${max}).`;
		}
	}
}

/**
 * Where each accepted dossier stands against the rule, for the organizer: every dossier short of
 * judges, with how many it has, whether judges free of conflicts could still be given to it now,
 * and otherwise why not.
 */
export function coverageOf(
	dossiers: DossierToAssign[],
	judges: number[],
	held: HeldAssignment[],
	mode: 'all' | 'k',
	k: number | null
): Shortfall[] {
	const plan = completeAssignments(dossiers, judges, held, mode, k);
	const wanted = judgesWanted(mode, k, judges.length);
	const available = new Set(judges);
	return dossiers.flatMap((dossier) => {
		const has = held.filter((h) => h.nominationId === dossier.id && counts(h, available)).length;
		if (has >= wanted) return [];
		const gap = plan.gaps.find((g) => g.nominationId === dossier.id);
		const assignable = plan.pairs.some((p) => p.nominationId === dossier.id);
		return [
			{
				nominationId: dossier.id,
				nomineeName: dossier.name,
				wanted,
				got: has,
				assignable,
				reason: gap && !assignable ? gap.reason : 'Chưa được phân công giám khảo.'
			}
		];
	});
}

// ---------------------------------------------------------------- score sheets

export interface Criterion {
	id: number;
	name: string;
	maxScore: number;
	weight: number;
}

export interface ScoreEntry {
	criterionId: number;
	score: number | null;
	comment: string;
}

/**
 * Checks a judge's sheet against the rubric: every score within 0..max, no criterion outside
 * the rubric, and on submission every criterion scored. Errors are keyed by form field.
 */
export function checkScoreSheet(
	criteria: Criterion[],
	entries: readonly ScoreEntry[],
	intent: 'save' | 'submit'
): FieldErrors {
	const errors: FieldErrors = {};
	const byId = new Map(criteria.map((c) => [c.id, c]));
	for (const entry of entries) {
		const criterion = byId.get(entry.criterionId);
		if (!criterion) {
			(errors._form ??= []).push('Có điểm cho một tiêu chí không thuộc thang điểm của hồ sơ này.');
			continue;
		}
		if (entry.score === null) continue;
		if (!Number.isFinite(entry.score) || entry.score < 0 || entry.score > criterion.maxScore) {
			errors[`score_${criterion.id}`] = [
				`Điểm tiêu chí «${criterion.name}» phải từ 0 đến ${criterion.maxScore}.`
			];
		}
	}
	if (intent === 'submit') {
		const scored = new Set(entries.filter((e) => e.score !== null).map((e) => e.criterionId));
		for (const c of criteria) {
			if (!scored.has(c.id) && !errors[`score_${c.id}`]) {
				errors[`score_${c.id}`] = [`Chưa chấm tiêu chí «${c.name}».`];
			}
		}
	}
	return errors;
}

/** A dossier's score: the mean of its judges, trimmed (highest and lowest dropped) from five. */
export function dossierScore(totals: number[]): number | null {
	if (totals.length === 0) return null;
	const sorted = [...totals].sort((a, b) => a - b);
	const counted = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
	return round(counted.reduce((s, t) => s + t, 0) / counted.length);
}

/** True when the judges' totals for one dossier spread wider than the threshold. */
export function spreadOf(totals: number[]): number {
	return totals.length < 2 ? 0 : round(Math.max(...totals) - Math.min(...totals));
}

export interface JudgeTotal {
	judgeId: number;
	nominationId: number;
	total: number;
	scale: number;
}

/**
 * Evens out harsh and lenient judges: each judge's totals (as a share of the scale) become
 * z-scores against that judge's own mean and spread, then are put back on the panel's overall
 * mean and spread and rescaled to the dossier's scale. A judge whose totals do not vary (or who
 * scored one dossier) sits at the panel mean.
 */
export function normalizeTotals(totals: JudgeTotal[]): Map<string, number> {
	const result = new Map<string, number>();
	if (totals.length === 0) return result;
	const shares = totals.map((t) => t.total / t.scale);
	const overall = meanAndDeviation(shares);
	const byJudge = new Map<number, number[]>();
	totals.forEach((t, i) => byJudge.set(t.judgeId, [...(byJudge.get(t.judgeId) ?? []), shares[i]!]));
	const judgeStats = new Map([...byJudge].map(([j, s]) => [j, meanAndDeviation(s)]));
	totals.forEach((t, i) => {
		const own = judgeStats.get(t.judgeId)!;
		const z = own.deviation === 0 ? 0 : (shares[i]! - own.mean) / own.deviation;
		const share = Math.min(1, Math.max(0, overall.mean + z * overall.deviation));
		result.set(totalKey(t.judgeId, t.nominationId), round(share * t.scale));
	});
	return result;
}

export const totalKey = (judgeId: number, nominationId: number) => `${judgeId}:${nominationId}`;

function meanAndDeviation(values: number[]) {
	const mean = values.reduce((s, v) => s + v, 0) / values.length;
	const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
	return { mean, deviation: Math.sqrt(variance) };
}

/** Competition ranking (1, 2, 2, 4): equal scores share a rank; unscored entries get none. */
export function rankWithTies<T extends { score: number | null }>(
	items: T[]
): (T & { rank: number | null })[] {
	const scores = items.flatMap((i) => (i.score === null ? [] : [i.score]));
	return items
		.map((item) => ({
			...item,
			rank: item.score === null ? null : 1 + scores.filter((s) => s > item.score!).length
		}))
		.sort(
			(a, b) =>
				(a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
				String((a as { name?: string }).name ?? '').localeCompare(
					String((b as { name?: string }).name ?? ''),
					'vi'
				)
		);
}

/** Which ranked dossiers go on the shortlist: rank ≤ N (ties at the edge included), or score ≥ T. */
export function selectShortlist<T extends { rank: number | null; score: number | null }>(
	ranked: T[],
	rule: { kind: 'top'; count: number } | { kind: 'threshold'; minScore: number }
): T[] {
	return ranked.filter((r) =>
		rule.kind === 'top'
			? r.rank !== null && r.rank <= rule.count
			: r.score !== null && r.score >= rule.minScore
	);
}

// ---------------------------------------------------------------- jury and public together

export interface FinalistFigures {
	nominationId: number;
	name: string;
	/** The dossier's jury score on its rubric's scale, or null if nobody scored it. */
	juryScore: number | null;
	scale: number;
	votes: number;
}

/**
 * The final ranking that weighs the panel and the public (e.g. 70/30): the jury score as points
 * out of 100 (score ÷ scale), the public score as points out of 100 relative to the most voted
 * finalist (votes ÷ most votes), then the weighted sum. Both parts are kept for display.
 */
export function combineJuryAndPublic(finalists: FinalistFigures[], juryWeight: number) {
	const mostVotes = Math.max(0, ...finalists.map((f) => f.votes));
	return rankWithTies(
		finalists.map((f) => {
			const juryPoints = f.juryScore === null ? 0 : round((f.juryScore / f.scale) * 100);
			const publicPoints = mostVotes === 0 ? 0 : round((f.votes / mostVotes) * 100);
			return {
				...f,
				juryPoints,
				publicPoints,
				score: round((juryWeight * juryPoints + (100 - juryWeight) * publicPoints) / 100)
			};
		})
	);
}
