// Setting up a panel: its rules, its rubric and its judges, and the page that shows them.
import { z } from 'zod';
import { criterionSchema, judgeEmailSchema, panelSettingsSchema } from '$lib/schemas/judging';
import { id } from '$lib/schemas/common';
import { findUserByEmail, loadActor } from '../auth';
import { can, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Ctx } from '../context';
import type { Panel } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { defineUseCase } from '../usecase';
import {
	RUBRIC_FROZEN,
	assignmentState,
	campaignId,
	giveJudges,
	loadManagedCampaign,
	managed,
	panelAudit,
	requireStatus,
	type AssignmentState
} from './access';
import * as repo from './repo';
import { computeResults } from './results';
import { coverageOf, hasConflictOfInterest } from './rules';

/** Everything the organizer's panel page shows: rules, rubric, judges, progress and results. */
export async function getPanel(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	const campaign = await loadManagedCampaign(ctx.db, actor, campaignId);
	const [categories, panel] = await Promise.all([
		campaignRepo.listCategories(ctx.db, [campaignId]),
		repo.findPanelByCampaign(ctx.db, campaignId)
	]);
	if (!panel) {
		return {
			campaign,
			categories,
			panel: null,
			criteria: [],
			judges: [],
			accepted: await repo.listAcceptedDossiers(ctx.db, campaignId),
			coverage: [],
			results: [],
			progress: []
		};
	}
	const [state, results] = await Promise.all([
		assignmentState(ctx.db, campaign, panel),
		computeResults(ctx.db, panel, categories)
	]);
	return {
		campaign,
		categories,
		panel,
		criteria: state.criteria,
		judges: state.judges.map((j) => ({
			...j,
			autoConflicts: state.accepted.filter((d) =>
				hasConflictOfInterest(j.unitPath, d.nominatingUnitPath, campaign.organizingUnitPath)
			).length
		})),
		accepted: state.accepted,
		coverage: panelCoverage(panel, state),
		...results
	};
}

/**
 * The accepted dossiers short of judges, read from the current state: before the round opens
 * nothing is assigned yet; once it is closed, nothing can be assigned any more.
 */
function panelCoverage(panel: Panel, state: AssignmentState) {
	if (panel.status === 'setup') return [];
	const shortfalls = coverageOf(
		state.dossiers,
		state.judgeIds,
		state.held,
		panel.assignmentMode,
		panel.judgesPerDossier
	);
	if (panel.status === 'open') return shortfalls;
	return shortfalls.map((s) =>
		s.assignable
			? {
					...s,
					assignable: false,
					reason: 'Vòng chấm đã kết thúc trước khi hồ sơ được phân công nên hồ sơ không được chấm.'
				}
			: s
	);
}

const campaignRef = z.object({ id: campaignId });

const settingsOf = (panel: Panel) => ({
	assignmentMode: panel.assignmentMode,
	judgesPerDossier: panel.judgesPerDossier,
	revealAfterSubmit: panel.revealAfterSubmit,
	normalize: panel.normalize,
	spreadThreshold: panel.spreadThreshold,
	juryWeight: panel.juryWeight
});

export const savePanelSettings = defineUseCase({
	name: 'judging.settings',
	// The settings schema is refined, so the campaign is joined to it rather than extended.
	input: campaignRef.and(panelSettingsSchema),
	...managed,
	run: async ({ db, now }, input, campaign) => {
		const panel = await repo.lockOrCreatePanel(db, campaign.id);
		const judgesPerDossier = input.assignmentMode === 'k' ? (input.judgesPerDossier ?? 1) : null;
		const assignmentChanged =
			panel.assignmentMode !== input.assignmentMode || panel.judgesPerDossier !== judgesPerDossier;
		if (assignmentChanged && panel.status !== 'setup') throw conflict(RUBRIC_FROZEN);
		const after = {
			assignmentMode: input.assignmentMode,
			judgesPerDossier,
			revealAfterSubmit: input.revealAfterSubmit,
			normalize: input.normalize,
			spreadThreshold: input.spreadThreshold ?? null,
			juryWeight: input.juryWeight
		};
		await repo.updatePanel(db, panel.id, after, now);
		return { campaign, panel, after };
	},
	audit: ({ campaign, panel, after }) =>
		panelAudit({ campaign, panel }, { before: settingsOf(panel), after }),
	present: () => undefined
});

const criterionValues = (input: z.output<typeof criterionSchema>) => ({
	categoryId: input.categoryId,
	name: input.name,
	description: input.description,
	maxScore: input.maxScore,
	weight: input.weight
});

/** The rubric changes only before the round opens, and only with the campaign's categories. */
async function rubricPanel(
	db: Parameters<typeof repo.lockOrCreatePanel>[0],
	campaignId: number,
	categoryId: number
) {
	const panel = await repo.lockOrCreatePanel(db, campaignId);
	requireStatus(panel, 'setup', RUBRIC_FROZEN);
	if (!(await campaignRepo.findCategory(db, campaignId, categoryId))) {
		throw invalid('Hạng mục không thuộc đợt này.', {
			categoryId: ['Hạng mục không thuộc đợt này.']
		});
	}
	return panel;
}

/** Adds a rubric criterion; only before the round opens. Returns its id. */
export const addCriterion = defineUseCase({
	name: 'judging.criterion_add',
	input: criterionSchema.extend(campaignRef.shape),
	...managed,
	run: async ({ db }, input, campaign) => {
		const panel = await rubricPanel(db, campaign.id, input.categoryId);
		const values = criterionValues(input);
		const existing = await repo.listCriteria(db, panel.id);
		const criterionId = await repo.insertCriterion(db, {
			...values,
			panelId: panel.id,
			position: existing.filter((c) => c.categoryId === input.categoryId).length
		});
		return { campaign, panel, after: { criterionId, ...values } };
	},
	audit: ({ campaign, panel, after }) => panelAudit({ campaign, panel }, { after }),
	present: ({ after }) => after.criterionId
});

const criterionId = id('tiêu chí');

/** Edits a rubric criterion; only before the round opens. */
export const updateCriterion = defineUseCase({
	name: 'judging.criterion_update',
	input: criterionSchema.extend({ ...campaignRef.shape, criterionId }),
	...managed,
	run: async ({ db }, input, campaign) => {
		const panel = await rubricPanel(db, campaign.id, input.categoryId);
		const values = criterionValues(input);
		if (!(await repo.findCriterion(db, panel.id, input.criterionId)))
			throw notFound('Không tìm thấy tiêu chí.');
		await repo.updateCriterion(db, input.criterionId, values);
		return { campaign, panel, after: { criterionId: input.criterionId, ...values } };
	},
	audit: ({ campaign, panel, after }) => panelAudit({ campaign, panel }, { after }),
	present: ({ after }) => after.criterionId
});

export const removeCriterion = defineUseCase({
	name: 'judging.criterion_remove',
	input: z.object({ id: campaignId, criterionId }),
	...managed,
	run: async ({ db }, { criterionId }, campaign) => {
		const panel = await repo.lockOrCreatePanel(db, campaign.id);
		requireStatus(panel, 'setup', RUBRIC_FROZEN);
		const criterion = await repo.findCriterion(db, panel.id, criterionId);
		if (!criterion) throw notFound('Không tìm thấy tiêu chí.');
		await repo.deleteCriterion(db, criterionId);
		return { campaign, panel, before: { criterionId, name: criterion.name } };
	},
	audit: ({ campaign, panel, before }) => panelAudit({ campaign, panel }, { before }),
	present: () => undefined
});

/**
 * Puts a person of the organizer's subtree on the panel, by e-mail. While the round is open the
 * new judge is given, under the same rule, what the dossiers still lack (every dossier free of
 * conflicts when every judge scores every dossier); returns how many assignments that made.
 */
export const addJudgeByEmail = defineUseCase({
	name: 'judging.judge_add',
	input: judgeEmailSchema.extend(campaignRef.shape),
	...managed,
	run: async ({ db, actor, now }, { email }, campaign) => {
		const panel = await repo.lockOrCreatePanel(db, campaign.id);
		if (panel.status === 'closed') {
			throw conflict('Vòng chấm đã kết thúc: không bổ sung giám khảo được nữa.');
		}
		const user = await findUserByEmail(db, email);
		const person = user?.active ? await loadActor(db, user.id) : null;
		// Someone outside the organizer's reach is reported exactly like an unknown address.
		if (
			!person ||
			!can(actor, 'user.read', {
				kind: 'user',
				id: person.id,
				unitPath: person.unitPath,
				rolePaths: person.roles.map((r) => r.unitPath)
			})
		) {
			const message = 'Không tìm thấy người dùng có email này trong phạm vi bạn quản lý.';
			throw invalid(message, { email: [message] });
		}
		if (!(await repo.addJudge(db, panel.id, person.id))) {
			throw conflict(`${person.fullName} đã có trong hội đồng.`, {
				email: ['Người này đã có trong hội đồng.']
			});
		}
		const given = panel.status === 'open' ? await giveJudges(db, campaign, panel, null, now) : null;
		return {
			campaign,
			panel,
			after: { judgeId: person.id, email: person.email, ...(given ? { pairs: given.pairs } : {}) },
			assignments: given?.pairs.length ?? 0
		};
	},
	audit: ({ campaign, panel, after }) => panelAudit({ campaign, panel }, { after }),
	present: ({ assignments }) => ({ assignments })
});

export const removeJudge = defineUseCase({
	name: 'judging.judge_remove',
	input: z.object({ id: campaignId, judgeId: id('giám khảo') }),
	...managed,
	run: async ({ db }, { judgeId }, campaign) => {
		const panel = await repo.lockOrCreatePanel(db, campaign.id);
		requireStatus(panel, 'setup', 'Vòng chấm đã mở: giám khảo đã được phân công không bỏ ra được.');
		if (!(await repo.removeJudge(db, panel.id, judgeId))) {
			throw notFound('Người này không có trong hội đồng.');
		}
		return { campaign, panel, before: { judgeId } };
	},
	audit: ({ campaign, panel, before }) => panelAudit({ campaign, panel }, { before }),
	present: () => undefined
});
