// What the year-end report takes from award records: people and collectives honoured by award
// kind, the list of them, certificates issued and checked, and how the reporting unit signs off.
import { awardKinds, awardLabel, recipientTypes } from '$lib/shared/awards';
import type { Db } from '../db/client';
import { settingsChain } from './printing';
import * as repo from './report-repo';
import { placeAndDate, resolvePrintSettings } from './rules';

export type { ReportScope } from './report-repo';

export async function awardsForReport(db: Db, scope: repo.ReportScope) {
	const [counts, list, certificates] = await Promise.all([
		repo.honouredCounts(db, scope),
		repo.honouredList(db, scope),
		repo.certificateCounts(db, scope)
	]);
	const byKind = new Map<
		string,
		{ label: string; order: number; individual: number; collective: number }
	>();
	for (const c of counts) {
		const label = awardLabel(c.kind, c.customKind);
		const order = awardKinds.indexOf(c.kind);
		const row = byKind.get(label) ?? { label, order, individual: 0, collective: 0 };
		row[c.type] += c.n;
		byKind.set(label, row);
	}
	const kinds = [...byKind.values()].map((k) => ({ ...k, total: k.individual + k.collective }));
	const total = Object.fromEntries(
		recipientTypes.map((t) => [t, kinds.reduce((n, k) => n + k[t], 0)])
	) as Record<(typeof recipientTypes)[number], number>;
	return {
		// In the order of the award kinds (Bằng khen first), as a decision lists them.
		byKind: kinds.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label, 'vi')),
		honoured: { ...total, total: total.individual + total.collective },
		list: list.map((r) => ({ ...r, awardLabel: awardLabel(r.kind, r.customKind) })),
		listCapped: list.length >= repo.HONOURED_LIST_MAX,
		certificates
	};
}

/** The reporting unit's place-and-date line for a day, and its authority line (certificates' own). */
export async function reportSignOff(db: Db, unitPath: string, day: string) {
	const { placeName, authorityLine } = resolvePrintSettings(await settingsChain(db, unitPath));
	return { placeAndDate: placeAndDate(placeName, day), authorityLine };
}
