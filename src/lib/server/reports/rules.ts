/** Pure tallies for organizers' reports. */
import type { NominationStatus } from '$lib/shared/campaigns';
import { unitKindLabels, type UnitKind } from '$lib/shared/labels';

export interface DossierCount {
	unitId: number;
	unitName: string;
	unitPath: string;
	unitDepth: number;
	unitKind: string;
	categoryId: number;
	categoryName: string;
	status: NominationStatus;
	n: number;
}

/** Statuses a report shows: drafts belong to their unit until sent, so they are not counted. */
export const reportedStatuses = [
	'submitted',
	'returned',
	'accepted',
	'rejected',
	'withdrawn'
] as const;
export type ReportedStatus = (typeof reportedStatuses)[number];

export interface Tally {
	key: number | string;
	label: string;
	total: number;
	byStatus: Record<ReportedStatus, number>;
}

const empty = (): Record<ReportedStatus, number> => ({
	submitted: 0,
	returned: 0,
	accepted: 0,
	rejected: 0,
	withdrawn: 0
});

function group(
	rows: DossierCount[],
	keyOf: (r: DossierCount) => number | string,
	labelOf: (r: DossierCount) => string
): Tally[] {
	const out = new Map<number | string, Tally>();
	for (const r of rows) {
		if (!(reportedStatuses as readonly string[]).includes(r.status)) continue;
		const key = keyOf(r);
		const tally = out.get(key) ?? { key, label: labelOf(r), total: 0, byStatus: empty() };
		tally.total += r.n;
		tally.byStatus[r.status as ReportedStatus] += r.n;
		out.set(key, tally);
	}
	return [...out.values()];
}

/** Dossiers of a campaign by nominating unit (most first), by category and by status. */
export function tallyDossiers(rows: DossierCount[]) {
	const byUnit = group(
		rows,
		(r) => r.unitId,
		(r) => r.unitName
	).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, 'vi'));
	const byCategory = group(
		rows,
		(r) => r.categoryId,
		(r) => r.categoryName
	);
	const total = empty();
	for (const t of byUnit) for (const s of reportedStatuses) total[s] += t.byStatus[s];
	return {
		byUnit,
		byCategory,
		byStatus: reportedStatuses.map((s) => ({ status: s, n: total[s] })),
		total: byUnit.reduce((n, t) => n + t.total, 0)
	};
}

/**
 * Dossiers by the level of the unit that sent them, counted from the report's unit (level 1),
 * each level named by the kinds of unit found there: "Cấp 2 (Quận / Huyện / Xã, Khối)".
 */
export function tallyByLevel(rows: DossierCount[], rootDepth: number) {
	const kinds = new Map<number, Set<string>>();
	for (const r of rows) {
		const level = r.unitDepth - rootDepth + 1;
		const set = kinds.get(level) ?? new Set();
		set.add(unitKindLabels[r.unitKind as UnitKind] ?? r.unitKind);
		kinds.set(level, set);
	}
	return group(
		rows,
		(r) => r.unitDepth - rootDepth + 1,
		(r) => {
			const level = r.unitDepth - rootDepth + 1;
			return `Cấp ${level} (${[...kinds.get(level)!].join(', ')})`;
		}
	).sort((a, b) => Number(a.key) - Number(b.key));
}
