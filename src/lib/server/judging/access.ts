// What the judging use cases share: the campaign a panel belongs to and who manages it, the
// panel's lock, and the assignment rule applied to the current state.
import { id } from '$lib/schemas/common';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Db } from '../db/client';
import type { Panel } from '../db/schema';
import { conflict, notFound } from '../errors';
import { notify } from '../notifications';
import type { Check } from '../usecase';
import * as repo from './repo';
import {
	assignJudges,
	completeAssignments,
	hasConflictOfInterest,
	type DossierToAssign
} from './rules';

export const campaignId = id('đợt');

export const RUBRIC_FROZEN = 'Vòng chấm đã mở: thang điểm và cách phân công không đổi được nữa.';

const NO_RUBRIC = 'Hạng mục của hồ sơ chưa có tiêu chí chấm; thang điểm đã khoá khi mở vòng chấm.';

export async function findCampaign(db: Db, campaignId: number) {
	const campaign = await campaignRepo.findCampaign(db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	return campaign;
}

/** Running the panels of a campaign belongs to its organizing unit. */
export const manageCheck = (campaign: { organizingUnitPath: string }): Check => ({
	action: 'judging.manage',
	resource: { kind: 'unit', path: campaign.organizingUnitPath }
});

/** For reads: the campaign of a panel, after checking the actor runs panels at its unit. */
export async function loadManagedCampaign(db: Db, actor: Actor, campaignId: number) {
	const campaign = await findCampaign(db, campaignId);
	const check = manageCheck(campaign);
	authorize(actor, check.action, check.resource);
	return campaign;
}

/** The campaign's panel, locked for the change (after the actor is found to manage it). */
export async function lockPanelOf(db: Db, campaignId: number) {
	const panel = await repo.findPanelByCampaign(db, campaignId);
	if (!panel) throw notFound('Đợt này chưa lập hội đồng chấm.');
	return (await repo.lockPanel(db, panel.id, 'update'))!;
}

/** What the organizers' use cases load and how they are authorised. */
export const managed = {
	load: ({ db }: { db: Db }, input: { id: number }) => findCampaign(db, input.id),
	authorize: (_actor: Actor, campaign: campaignRepo.CampaignRow) => manageCheck(campaign)
};

export function requireStatus(panel: Panel, status: Panel['status'], message: string) {
	if (panel.status !== status) throw conflict(message);
}

export const panelAudit = (
	{ campaign, panel }: { campaign: { organizingUnitPath: string }; panel: Panel },
	entry: { before?: unknown; after?: unknown } = {}
) => ({
	entityType: 'panel',
	entityId: panel.id,
	unitPath: campaign.organizingUnitPath,
	...entry
});

/**
 * What the assignment rule reads, always from the current state: the panel's judges (only those
 * whose account is active take work), the dossiers accepted now (each with the judges free of
 * conflicts of interest with it) and the assignments held on them. A dossier accepted, or a
 * judge lost, at any moment is therefore never left out of the count.
 */
export async function assignmentState(db: Db, campaign: campaignRepo.CampaignRow, panel: Panel) {
	const [judges, criteria, accepted, held] = await Promise.all([
		repo.listJudges(db, panel.id),
		repo.listCriteria(db, panel.id),
		repo.listAcceptedDossiers(db, campaign.id),
		repo.listAssignments(db, panel.id)
	]);
	const dossiers: DossierToAssign[] = accepted.map((d) => ({
		id: d.id,
		name: d.nomineeName,
		eligible: judges
			.filter(
				(j) => !hasConflictOfInterest(j.unitPath, d.nominatingUnitPath, campaign.organizingUnitPath)
			)
			.map((j) => j.userId),
		...(criteria.some((c) => c.categoryId === d.categoryId) ? {} : { blocked: NO_RUBRIC })
	}));
	const judgeIds = judges.filter((j) => j.active).map((j) => j.userId);
	return { judges, criteria, accepted, held, dossiers, judgeIds };
}

export type AssignmentState = Awaited<ReturnType<typeof assignmentState>>;

/**
 * Gives accepted dossiers of an open round (all, or the listed ones) the judges they lack, under
 * the rule the round opened with, and tells each judge what they received. The caller holds the
 * panel's lock, and audits what was given when that is its own change.
 */
export async function giveJudges(
	tx: Db,
	campaign: campaignRepo.CampaignRow,
	panel: Panel,
	only: number[] | null,
	now: Date
) {
	const state = await assignmentState(tx, campaign, panel);
	const plan = completeAssignments(
		only ? state.dossiers.filter((d) => only.includes(d.id)) : state.dossiers,
		state.judgeIds,
		state.held,
		panel.assignmentMode,
		panel.judgesPerDossier
	);
	await repo.insertAssignments(tx, panel.id, plan.pairs, now);
	for (const judgeId of new Set(plan.pairs.map((p) => p.judgeId))) {
		const given = plan.pairs.filter((p) => p.judgeId === judgeId);
		const first = state.dossiers.find((d) => d.id === given[0]!.nominationId)!;
		await notify(tx, {
			to: [judgeId],
			message:
				given.length === 1
					? `Bạn được phân công thêm hồ sơ “${first.name}” (${campaign.title}).`
					: `Bạn được phân công thêm ${given.length} hồ sơ của “${campaign.title}”.`,
			link: '/cham-diem',
			at: now,
			topic: 'judging'
		});
	}
	return { pairs: plan.pairs, gaps: plan.gaps, judges: state.judges };
}

export const NO_JUDGES = 'Hội đồng chưa có giám khảo nào.';

/**
 * What opening the round would do now, or the reason it cannot open: the same plan for the
 * confirmation step and for the opening itself (which holds the panel's lock).
 */
export async function planOpening(db: Db, campaign: campaignRepo.CampaignRow, panel: Panel) {
	requireStatus(panel, 'setup', 'Vòng chấm đã được mở trước đó.');
	const [state, categories] = await Promise.all([
		assignmentState(db, campaign, panel),
		campaignRepo.listCategories(db, [campaign.id])
	]);
	const { criteria, accepted } = state;
	if (state.judgeIds.length === 0) throw conflict(NO_JUDGES);
	if (accepted.length === 0) throw conflict('Đợt này chưa có hồ sơ nào được chấp nhận để chấm.');
	const missing = categories.filter(
		(c) =>
			accepted.some((d) => d.categoryId === c.id) && !criteria.some((k) => k.categoryId === c.id)
	);
	if (missing.length) {
		throw conflict(`Chưa có tiêu chí chấm cho hạng mục: ${missing.map((c) => c.name).join(', ')}.`);
	}
	const plan = assignJudges(
		state.dossiers,
		state.judgeIds,
		panel.assignmentMode,
		panel.judgesPerDossier
	);
	return { state, plan };
}
