// The arithmetic of a round read from the database. Not a use case: callers authorise first.
import { rubricScale, weightedTotal } from '$lib/shared/judging';
import * as campaignRepo from '../campaigns';
import type { Db } from '../db/client';
import type { Panel } from '../db/schema';
import * as repo from './repo';
import {
	dossierScore,
	normalizeTotals,
	rankWithTies,
	spreadOf,
	totalKey,
	type Criterion
} from './rules';

type CategoryRow = Awaited<ReturnType<typeof campaignRepo.listCategories>>[number];

/**
 * The arithmetic of the round from the database: each submitted sheet's weighted total, each
 * dossier's (trimmed) mean, raw and normalised, the spread flag and the ranking per category.
 * Once the round has opened, every dossier accepted now has a row, judged or not.
 */
export async function computeResults(db: Db, panel: Panel, categories: CategoryRow[]) {
	const [criteria, assignments, shortlist, accepted] = await Promise.all([
		repo.listCriteria(db, panel.id),
		repo.listAssignments(db, panel.id),
		repo.listShortlist(db, panel.id),
		panel.status === 'setup' ? [] : repo.listAcceptedDossiers(db, panel.campaignId)
	]);
	const submitted = assignments.filter((a) => a.status === 'submitted');
	const scores = await repo.listScores(
		db,
		submitted.map((a) => a.id)
	);
	const criteriaOf = (categoryId: number): Criterion[] =>
		criteria
			.filter((c) => c.categoryId === categoryId)
			.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, weight: c.weight }));
	const scoresOf = new Map<number, Map<number, number>>();
	for (const s of scores) {
		if (!scoresOf.has(s.assignmentId)) scoresOf.set(s.assignmentId, new Map());
		scoresOf.get(s.assignmentId)!.set(s.criterionId, s.score);
	}
	const totals = submitted.map((a) => {
		const rubric = criteriaOf(a.categoryId);
		return {
			assignment: a,
			judgeId: a.judgeId,
			nominationId: a.nominationId,
			total: weightedTotal(rubric, scoresOf.get(a.id) ?? new Map()),
			scale: rubricScale(rubric)
		};
	});
	const normalized = panel.normalize ? normalizeTotals(totals) : null;
	const shortlisted = new Set(shortlist.map((s) => s.nominationId));

	const judgeIds = [...new Set(assignments.map((a) => a.judgeId))];
	const progress = judgeIds.map((judgeId) => {
		const own = assignments.filter((a) => a.judgeId === judgeId);
		return {
			judgeId,
			judgeName: own[0]!.judgeName,
			assigned: own.filter((a) => a.status !== 'conflict').length,
			submitted: own.filter((a) => a.status === 'submitted').length,
			drafts: own.filter((a) => a.status === 'draft').length,
			conflicts: own.filter((a) => a.status === 'conflict').length
		};
	});

	const results = categories.map((category) => {
		const rubric = criteriaOf(category.id);
		const inCategory = assignments.filter(
			(a) => a.categoryId === category.id && a.status !== 'conflict'
		);
		const dossiers = accepted.filter((d) => d.categoryId === category.id);
		const rows = dossiers.map((dossier) => {
			const nominationId = dossier.id;
			const sheets = totals
				.filter((t) => t.nominationId === nominationId)
				.map((t) => ({
					judgeId: t.judgeId,
					judgeName: t.assignment.judgeName,
					total: t.total,
					normalized: normalized?.get(totalKey(t.judgeId, nominationId)) ?? null,
					scores: Object.fromEntries(scoresOf.get(t.assignment.id) ?? new Map())
				}));
			const raw = dossierScore(sheets.map((s) => s.total));
			const even = normalized ? dossierScore(sheets.map((s) => s.normalized!)) : null;
			const spread = spreadOf(sheets.map((s) => s.total));
			return {
				nominationId,
				name: dossier.nomineeName,
				unitName: dossier.nominatingUnitName,
				judgesAssigned: inCategory.filter((a) => a.nominationId === nominationId).length,
				sheets,
				raw,
				normalized: even,
				score: normalized ? even : raw,
				spread,
				flagged: panel.spreadThreshold !== null && spread > panel.spreadThreshold,
				shortlisted: shortlisted.has(nominationId)
			};
		});
		return {
			categoryId: category.id,
			categoryName: category.name,
			categoryKind: category.kind,
			criteria: rubric,
			scale: rubricScale(rubric),
			rows: rankWithTies(rows)
		};
	});
	return { results: results.filter((r) => r.rows.length > 0), progress };
}

/**
 * A campaign's judged order for the awards: each dossier's rank and score in its category,
 * or null when the campaign has no closed round.
 */
export async function judgedRanks(db: Db, campaignId: number) {
	const panel = await repo.findPanelByCampaign(db, campaignId);
	if (!panel || panel.status !== 'closed') return null;
	const categories = await campaignRepo.listCategories(db, [campaignId]);
	const { results } = await computeResults(db, panel, categories);
	return new Map(
		results.flatMap((c) =>
			c.rows.map((r) => [r.nominationId, { rank: r.rank, score: r.score, scale: c.scale }] as const)
		)
	);
}
