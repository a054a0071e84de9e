import type {
	CriterionInput,
	PanelSettingsInput,
	ScoreSheetInput,
	ShortlistInput
} from '$lib/schemas/judging';
import type { Nominee } from '$lib/shared/campaigns';
import { formatNumber } from '$lib/shared/format';
import { assignmentStatusLabels, rubricScale, weightedTotal } from '$lib/shared/judging';
import { writeAudit } from '../audit/repo';
import type { Actor } from '../auth/actor';
import { findUserByEmail, loadActor } from '../auth';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Panel } from '../db/schema';
import { conflict, invalid, notFound } from '../errors';
import { evidenceHeaders } from '../files/evidence';
import { table, type Column, type ExportBook } from '../files/export';
import * as nominationRepo from '../nominations';
import { screenDossier } from '../nominations';
import * as votingRepo from '../voting';
import { isFrozen } from '../voting';
import { notify } from '../notifications';
import * as repo from './repo';
import { computeResults } from './results';
import {
	assignJudges,
	checkScoreSheet,
	combineJuryAndPublic,
	completeAssignments,
	coverageOf,
	hasConflictOfInterest,
	selectShortlist,
	type DossierToAssign
} from './rules';

const ASSIGNMENT_NOT_FOUND = 'Không tìm thấy hồ sơ được phân công cho bạn.';

// ---------------------------------------------------------------- organizers

/** The campaign of a panel, after checking the actor runs panels at its organizing unit. */
async function loadManagedCampaign(db: Db, actor: Actor, campaignId: number) {
	const campaign = await campaignRepo.findCampaign(db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	authorize(actor, 'judging.manage', { kind: 'unit', path: campaign.organizingUnitPath });
	return campaign;
}

function requireStatus(panel: Panel, status: Panel['status'], message: string) {
	if (panel.status !== status) throw conflict(message);
}

const RUBRIC_FROZEN = 'Vòng chấm đã mở: thang điểm và cách phân công không đổi được nữa.';

const NO_RUBRIC = 'Hạng mục của hồ sơ chưa có tiêu chí chấm; thang điểm đã khoá khi mở vòng chấm.';

/**
 * What the assignment rule reads, always from the current state: the panel's judges (only those
 * whose account is active take work), the dossiers accepted now (each with the judges free of
 * conflicts of interest with it) and the assignments held on them. A dossier accepted, or a
 * judge lost, at any moment is therefore never left out of the count.
 */
async function assignmentState(db: Db, campaign: campaignRepo.CampaignRow, panel: Panel) {
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

/**
 * Gives accepted dossiers of an open round (all, or the listed ones) the judges they lack, under
 * the rule the round opened with, and tells each judge what they received. The caller holds the
 * panel's lock; with `auditAs`, what was given is audited as its own entry.
 */
async function giveJudges(
	tx: Db,
	campaign: campaignRepo.CampaignRow,
	panel: Panel,
	only: number[] | null,
	now: Date,
	auditAs: Actor | null = null
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
		await notify(
			tx,
			[judgeId],
			given.length === 1
				? `Bạn được phân công thêm hồ sơ “${first.name}” (${campaign.title}).`
				: `Bạn được phân công thêm ${given.length} hồ sơ của “${campaign.title}”.`,
			'/cham-diem',
			now
		);
	}
	if (auditAs && plan.pairs.length) {
		await writeAudit(tx, {
			actorId: auditAs.id,
			action: 'judging.assign',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { pairs: plan.pairs, gaps: plan.gaps }
		});
	}
	return { pairs: plan.pairs, gaps: plan.gaps, judges: state.judges };
}

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
function panelCoverage(panel: Panel, state: Awaited<ReturnType<typeof assignmentState>>) {
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

export async function savePanelSettings(
	ctx: Ctx,
	campaignId: number,
	input: PanelSettingsInput
): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
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
		await repo.updatePanel(tx, panel.id, after, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.settings',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			before: {
				assignmentMode: panel.assignmentMode,
				judgesPerDossier: panel.judgesPerDossier,
				revealAfterSubmit: panel.revealAfterSubmit,
				normalize: panel.normalize,
				spreadThreshold: panel.spreadThreshold,
				juryWeight: panel.juryWeight
			},
			after
		});
	});
}

/** Adds or edits a rubric criterion; only before the round opens. */
export async function saveCriterion(
	ctx: Ctx,
	campaignId: number,
	criterionId: number | null,
	input: CriterionInput
): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
		requireStatus(panel, 'setup', RUBRIC_FROZEN);
		if (!(await campaignRepo.findCategory(tx, campaignId, input.categoryId))) {
			throw invalid('Hạng mục không thuộc đợt này.', {
				categoryId: ['Hạng mục không thuộc đợt này.']
			});
		}
		const values = {
			categoryId: input.categoryId,
			name: input.name,
			description: input.description,
			maxScore: input.maxScore,
			weight: input.weight
		};
		let id = criterionId;
		if (id === null) {
			const existing = await repo.listCriteria(tx, panel.id);
			id = await repo.insertCriterion(tx, {
				...values,
				panelId: panel.id,
				position: existing.filter((c) => c.categoryId === input.categoryId).length
			});
		} else {
			const before = await repo.findCriterion(tx, panel.id, id);
			if (!before) throw notFound('Không tìm thấy tiêu chí.');
			await repo.updateCriterion(tx, id, values);
		}
		await writeAudit(tx, {
			actorId: actor.id,
			action: criterionId === null ? 'judging.criterion_add' : 'judging.criterion_update',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { criterionId: id, ...values }
		});
		return id;
	});
}

export async function removeCriterion(
	ctx: Ctx,
	campaignId: number,
	criterionId: number
): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
		requireStatus(panel, 'setup', RUBRIC_FROZEN);
		const criterion = await repo.findCriterion(tx, panel.id, criterionId);
		if (!criterion) throw notFound('Không tìm thấy tiêu chí.');
		await repo.deleteCriterion(tx, criterionId);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.criterion_remove',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			before: { criterionId, name: criterion.name }
		});
	});
}

/**
 * Puts a person of the organizer's subtree on the panel, by e-mail. While the round is open the
 * new judge is given, under the same rule, what the dossiers still lack (every dossier free of
 * conflicts when every judge scores every dossier); returns how many assignments that made.
 */
export async function addJudgeByEmail(ctx: Ctx, campaignId: number, email: string) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
		if (panel.status === 'closed') {
			throw conflict('Vòng chấm đã kết thúc: không bổ sung giám khảo được nữa.');
		}
		const user = await findUserByEmail(tx, email);
		const person = user?.active ? await loadActor(tx, user.id) : null;
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
		if (!(await repo.addJudge(tx, panel.id, person.id))) {
			throw conflict(`${person.fullName} đã có trong hội đồng.`, {
				email: ['Người này đã có trong hội đồng.']
			});
		}
		const given =
			panel.status === 'open' ? await giveJudges(tx, campaign, panel, null, ctx.now) : null;
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.judge_add',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { judgeId: person.id, email: person.email, ...(given ? { pairs: given.pairs } : {}) }
		});
		return { assignments: given?.pairs.length ?? 0 };
	});
}

export async function removeJudge(ctx: Ctx, campaignId: number, judgeId: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
		requireStatus(panel, 'setup', 'Vòng chấm đã mở: giám khảo đã được phân công không bỏ ra được.');
		if (!(await repo.removeJudge(tx, panel.id, judgeId))) {
			throw notFound('Người này không có trong hội đồng.');
		}
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.judge_remove',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			before: { judgeId }
		});
	});
}

/**
 * Opens the scoring round: the rubric and the panel freeze, and the accepted dossiers are
 * given to judges without a conflict of interest. Returns what could not be covered.
 */
export async function openRound(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const campaign = await loadManagedCampaign(tx, actor, campaignId);
		const panel = await repo.lockOrCreatePanel(tx, campaignId);
		requireStatus(panel, 'setup', 'Vòng chấm đã được mở trước đó.');
		const [state, categories] = await Promise.all([
			assignmentState(tx, campaign, panel),
			campaignRepo.listCategories(tx, [campaignId])
		]);
		const { criteria, accepted } = state;
		if (state.judgeIds.length === 0) throw conflict('Hội đồng chưa có giám khảo nào.');
		if (accepted.length === 0) throw conflict('Đợt này chưa có hồ sơ nào được chấp nhận để chấm.');
		const missing = categories.filter(
			(c) =>
				accepted.some((d) => d.categoryId === c.id) && !criteria.some((k) => k.categoryId === c.id)
		);
		if (missing.length) {
			throw conflict(
				`Chưa có tiêu chí chấm cho hạng mục: ${missing.map((c) => c.name).join(', ')}.`
			);
		}
		const plan = assignJudges(
			state.dossiers,
			state.judgeIds,
			panel.assignmentMode,
			panel.judgesPerDossier
		);
		await repo.insertAssignments(tx, panel.id, plan.pairs, ctx.now);
		await repo.updatePanel(
			tx,
			panel.id,
			{ status: 'open', openedAt: ctx.now, assignmentNote: plan.imbalance },
			ctx.now
		);
		await notify(
			tx,
			state.judgeIds,
			`Bạn được phân công chấm hồ sơ của “${campaign.title}”.`,
			'/cham-diem',
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.open',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { assignments: plan.pairs.length, gaps: plan.gaps, imbalance: plan.imbalance }
		});
		return { assignments: plan.pairs.length, gaps: plan.gaps, imbalance: plan.imbalance };
	});
}

async function lockManagedPanel(db: Db, actor: Actor, campaignId: number) {
	const campaign = await loadManagedCampaign(db, actor, campaignId);
	const panel = await repo.findPanelByCampaign(db, campaignId);
	if (!panel) throw notFound('Đợt này chưa lập hội đồng chấm.');
	return { campaign, panel: (await repo.lockPanel(db, panel.id, 'update'))! };
}

/**
 * Gives every accepted dossier of the open round the judges it still lacks, under the rule the
 * round opened with: what the organizer does for a dossier accepted, by any path, after opening.
 * Returns how many assignments were made and how many dossiers are still short.
 */
export async function assignPending(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { campaign, panel } = await lockManagedPanel(tx, actor, campaignId);
		requireStatus(panel, 'open', 'Vòng chấm không ở trạng thái đang chấm.');
		const { pairs, gaps } = await giveJudges(tx, campaign, panel, null, ctx.now, actor);
		return { assignments: pairs.length, stillShort: gaps.length };
	});
}

/**
 * The organizing unit accepts a dossier (nominations' screening decision, unchanged) and, in the
 * same transaction, judging takes it in: while the round is open it gets its judges under the
 * rule of the round, like every other dossier. Returns where the round stands for it.
 */
export async function acceptDossier(ctx: Ctx, nominationId: number) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		await screenDossier({ ...ctx, db: tx }, nominationId, 'accept', null);
		const dossier = (await nominationRepo.findDossier(tx, nominationId))!;
		const found = await repo.findPanelByCampaign(tx, dossier.campaignId);
		// Locked once the acceptance is written: a round opened meanwhile is waited for, then
		// this dossier is given its judges; a round opened after sees it accepted.
		const panel = found && (await repo.lockPanel(tx, found.id, 'update'))!;
		if (!panel || panel.status === 'setup') return { round: 'later' as const };
		if (panel.status === 'closed') return { round: 'closed' as const };
		const campaign = (await campaignRepo.findCampaign(tx, dossier.campaignId))!;
		const { pairs, gaps } = await giveJudges(tx, campaign, panel, [nominationId], ctx.now, actor);
		return { round: 'open' as const, judges: pairs.length, short: gaps.length > 0 };
	});
}

/** Reminds every judge who has dossiers left to submit; returns how many were reminded. */
export async function remindJudges(ctx: Ctx, campaignId: number): Promise<number> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { campaign, panel } = await lockManagedPanel(tx, actor, campaignId);
		requireStatus(panel, 'open', 'Vòng chấm không ở trạng thái đang chấm.');
		const assignments = await repo.listAssignments(tx, panel.id);
		const behind = [
			...new Set(
				assignments
					.filter((a) => a.status === 'assigned' || a.status === 'draft')
					.map((a) => a.judgeId)
			)
		];
		await notify(
			tx,
			behind,
			`Nhắc việc: bạn còn hồ sơ chưa nộp điểm trong “${campaign.title}”.`,
			'/cham-diem',
			ctx.now
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.remind',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { judgeIds: behind }
		});
		return behind.length;
	});
}

/** Ends the round: from now on no score is accepted; only submitted sheets count. */
export async function closeRound(ctx: Ctx, campaignId: number): Promise<void> {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const { campaign, panel } = await lockManagedPanel(tx, actor, campaignId);
		requireStatus(panel, 'open', 'Vòng chấm không ở trạng thái đang chấm.');
		await repo.updatePanel(tx, panel.id, { status: 'closed', closedAt: ctx.now }, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.close',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath
		});
	});
}

/** Marks the shortlist per category from the closed round's ranking. */
export async function markShortlist(ctx: Ctx, campaignId: number, input: ShortlistInput) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const { campaign, panel } = await lockManagedPanel(tx, actor, campaignId);
		requireStatus(panel, 'closed', 'Chỉ lập danh sách rút gọn sau khi kết thúc vòng chấm.');
		// Once the public votes on the shortlist, it stays what they vote on.
		const poll = await votingRepo.findCampaignPoll(tx, campaignId);
		if (poll && isFrozen(poll, ctx.now)) {
			throw conflict(
				`Danh sách rút gọn đang được bình chọn trong “${poll.title}”: không lập lại được nữa.`
			);
		}
		const categories = await campaignRepo.listCategories(tx, [campaignId]);
		const { results } = await computeResults(tx, panel, categories);
		const rule =
			input.rule === 'top'
				? ({ kind: 'top', count: input.count } as const)
				: ({ kind: 'threshold', minScore: input.minScore } as const);
		const chosen = results.flatMap((category) =>
			selectShortlist(category.rows, rule).map((r) => ({
				nominationId: r.nominationId,
				rank: r.rank!,
				score: r.score!
			}))
		);
		await repo.replaceShortlist(tx, panel.id, chosen, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.shortlist',
			entityType: 'panel',
			entityId: panel.id,
			unitPath: campaign.organizingUnitPath,
			after: { rule: input, nominationIds: chosen.map((c) => c.nominationId) }
		});
		return chosen.length;
	});
}

/**
 * The score sheet (bảng tổng hợp điểm): a worksheet per category, named after it, a row per
 * dossier, every score a number cell.
 */
export async function exportScoreSheet(ctx: Ctx, campaignId: number): Promise<ExportBook> {
	const { campaign, panel, results } = await getPanel(ctx, campaignId);
	if (!panel) throw notFound('Đợt này chưa lập hội đồng chấm.');
	const sheets = results.map((category) => {
		const judges = [
			...new Map(
				category.rows.flatMap((r) => r.sheets).map((s) => [s.judgeId, s.judgeName])
			).entries()
		].sort((a, b) => a[1].localeCompare(b[1], 'vi') || a[0] - b[0]);
		type Row = (typeof category.rows)[number];
		const sheetOf = (row: Row, judgeId: number) => row.sheets.find((s) => s.judgeId === judgeId);
		const columns: Column<Row>[] = [
			{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
			{ header: 'Hồ sơ', kind: 'text', value: (r) => r.name },
			{ header: 'Đơn vị đề cử', kind: 'text', value: (r) => r.unitName },
			...judges.flatMap(([judgeId, name]): Column<Row>[] => [
				...category.criteria.map((c): Column<Row> => ({
					header: `${name} — ${c.name} (tối đa ${c.maxScore}, ×${c.weight})`,
					kind: 'number',
					value: (r) => sheetOf(r, judgeId)?.scores[c.id]
				})),
				{
					header: `${name} — Tổng`,
					kind: 'number',
					value: (r) => sheetOf(r, judgeId)?.total
				},
				...(panel.normalize
					? [
							{
								header: `${name} — Chuẩn hoá`,
								kind: 'number',
								value: (r) => sheetOf(r, judgeId)?.normalized
							} satisfies Column<Row>
						]
					: [])
			]),
			{ header: 'Số giám khảo đã nộp', kind: 'number', value: (r) => r.sheets.length },
			{ header: 'Điểm trung bình', kind: 'number', value: (r) => r.raw },
			...(panel.normalize
				? [
						{
							header: 'Điểm chuẩn hoá',
							kind: 'number',
							value: (r) => r.normalized
						} satisfies Column<Row>
					]
				: []),
			{ header: 'Chênh lệch', kind: 'number', value: (r) => r.spread },
			{
				header: 'Cảnh báo chênh lệch',
				kind: 'text',
				value: (r) => (r.flagged ? 'Chênh lệch lớn' : '')
			},
			{ header: 'Danh sách rút gọn', kind: 'text', value: (r) => (r.shortlisted ? 'Có' : '') }
		];
		return table(category.categoryName, columns, category.rows, {
			title: `${campaign.title} — ${category.categoryName} (thang điểm ${category.scale})`
		});
	});
	return { filename: `bang-tong-hop-diem-dot-${campaignId}`, sheets };
}

/**
 * The final ranking of the shortlist: the jury's score and the public vote of the campaign's
 * poll, weighed by the organizer's shares; provisional while the poll is still open.
 */
export async function getFinalRanking(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	await loadManagedCampaign(ctx.db, actor, campaignId);
	const [panel, poll, categories] = await Promise.all([
		repo.findPanelByCampaign(ctx.db, campaignId),
		votingRepo.findCampaignPoll(ctx.db, campaignId),
		campaignRepo.listCategories(ctx.db, [campaignId])
	]);
	if (!panel || !poll) return null;
	const [{ results }, options, tally] = await Promise.all([
		computeResults(ctx.db, panel, categories),
		votingRepo.listOptions(ctx.db, poll.id),
		votingRepo.countVotes(ctx.db, poll.id)
	]);
	const votesOf = new Map(
		options.flatMap((o) =>
			o.nominationId === null ? [] : [[o.nominationId, tally.votes.get(o.id) ?? 0] as const]
		)
	);
	return {
		poll: { ...poll, counted: tally.counted, provisional: ctx.now < poll.closesAt },
		juryWeight: panel.juryWeight,
		categories: results
			.map((category) => ({
				categoryId: category.categoryId,
				categoryName: category.categoryName,
				rows: combineJuryAndPublic(
					category.rows
						.filter((r) => votesOf.has(r.nominationId))
						.map((r) => ({
							nominationId: r.nominationId,
							name: r.name,
							juryScore: r.score,
							scale: category.scale,
							votes: votesOf.get(r.nominationId)!
						})),
					panel.juryWeight
				)
			}))
			.filter((c) => c.rows.length > 0)
	};
}

/** Campaigns whose shortlist the actor may put to a public vote. */
export async function listShortlistedCampaigns(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const rows = await repo.listShortlistedCampaigns(ctx.db, administeredPaths(actor));
	return rows
		.filter((r) => can(actor, 'judging.manage', { kind: 'unit', path: r.unitPath }))
		.map(({ id, title }) => ({ id, title }));
}

// ---------------------------------------------------------------- judges

/** A judge's queue: what was given to them, grouped by campaign, with progress. */
export async function listMyQueue(ctx: Ctx) {
	const actor = requireActor(ctx);
	const rows = await repo.listJudgeAssignments(ctx.db, actor.id);
	const campaigns = new Map<
		number,
		{ id: number; title: string; status: string; items: typeof rows }
	>();
	for (const row of rows) {
		if (!campaigns.has(row.campaignId)) {
			campaigns.set(row.campaignId, {
				id: row.campaignId,
				title: row.campaignTitle,
				status: row.panelStatus,
				items: []
			});
		}
		campaigns.get(row.campaignId)!.items.push(row);
	}
	return [...campaigns.values()].map((c) => {
		const active = c.items.filter((i) => i.status !== 'conflict');
		return {
			...c,
			total: active.length,
			submitted: active.filter((i) => i.status === 'submitted').length
		};
	});
}

/** One of the actor's own assignments; anyone else's is "not found", so nothing leaks. */
async function loadOwnAssignment(db: Db, actor: Actor, assignmentId: number) {
	const assignment = await repo.findAssignment(db, assignmentId);
	if (
		!assignment ||
		!can(actor, 'judging.score', { kind: 'assignment', judgeId: assignment.judgeId })
	) {
		throw notFound(ASSIGNMENT_NOT_FOUND);
	}
	return assignment;
}

/**
 * The scoring page: the dossier, the rubric and the judge's own sheet. Other judges' scores
 * come only after this judge submitted, and only if the organizer allows it.
 */
export async function getScoringSheet(ctx: Ctx, assignmentId: number) {
	const actor = requireActor(ctx);
	const assignment = await loadOwnAssignment(ctx.db, actor, assignmentId);
	const panel = (await repo.findPanel(ctx.db, assignment.panelId))!;
	const [dossier, files, criteria, own] = await Promise.all([
		nominationRepo.findDossier(ctx.db, assignment.nominationId),
		nominationRepo.listFiles(ctx.db, assignment.nominationId),
		repo.listCriteria(ctx.db, panel.id),
		repo.listScores(ctx.db, [assignment.id])
	]);
	const rubric = criteria.filter((c) => c.categoryId === assignment.categoryId);
	let others: { label: string; total: number; scores: Record<number, number> }[] | null = null;
	if (assignment.status === 'submitted' && panel.revealAfterSubmit) {
		const peers = (await repo.listAssignments(ctx.db, panel.id)).filter(
			(a) =>
				a.nominationId === assignment.nominationId &&
				a.id !== assignment.id &&
				a.status === 'submitted'
		);
		const peerScores = await repo.listScores(
			ctx.db,
			peers.map((p) => p.id)
		);
		others = peers.map((peer, index) => {
			const scores = new Map(
				peerScores.filter((s) => s.assignmentId === peer.id).map((s) => [s.criterionId, s.score])
			);
			return {
				label: `Giám khảo ${String.fromCharCode(65 + index)}`,
				total: weightedTotal(rubric, scores),
				scores: Object.fromEntries(scores)
			};
		});
	}
	const ownScores = new Map(own.map((s) => [s.criterionId, s.score]));
	const editable =
		panel.status === 'open' && (assignment.status === 'assigned' || assignment.status === 'draft');
	return {
		assignment: {
			id: assignment.id,
			status: assignment.status,
			statusLabel: assignmentStatusLabels[assignment.status],
			campaignTitle: assignment.campaignTitle,
			submittedAt: assignment.submittedAt
		},
		panelStatus: panel.status,
		dossier: dossier!,
		// After a declared conflict the evidence is no longer served to this judge.
		files: assignment.status === 'conflict' ? [] : files,
		criteria: rubric,
		scale: rubricScale(rubric),
		own: own.map((s) => ({ criterionId: s.criterionId, score: s.score, comment: s.comment })),
		ownTotal: weightedTotal(rubric, ownScores),
		others,
		may: { edit: editable, declareConflict: editable }
	};
}

/** Saves a draft or submits the judge's sheet; after submission or closing nothing changes. */
export async function saveScores(ctx: Ctx, assignmentId: number, input: ScoreSheetInput) {
	const actor = requireActor(ctx);
	await ctx.db.transaction(async (tx) => {
		const assignment = await loadOwnAssignment(tx, actor, assignmentId);
		// Shared lock: closing the round waits for sheets being written, and vice versa.
		const panel = (await repo.lockPanel(tx, assignment.panelId, 'share'))!;
		await repo.lockAssignment(tx, assignmentId);
		const current = (await repo.findAssignment(tx, assignmentId))!;
		if (panel.status === 'closed') throw conflict('Vòng chấm đã kết thúc: không nhận thêm điểm.');
		if (panel.status !== 'open') throw conflict('Vòng chấm chưa mở.');
		if (current.status === 'submitted') {
			throw conflict('Bạn đã nộp điểm hồ sơ này; điểm đã nộp không sửa được.');
		}
		if (current.status === 'conflict') {
			throw conflict('Bạn đã báo xung đột lợi ích với hồ sơ này nên không chấm nữa.');
		}
		const rubric = (await repo.listCriteria(tx, panel.id))
			.filter((c) => c.categoryId === current.categoryId)
			.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore, weight: c.weight }));
		const errors = checkScoreSheet(rubric, input.entries, input.intent);
		if (Object.keys(errors).length) {
			throw invalid(errors._form?.[0] ?? 'Vui lòng kiểm tra lại điểm các tiêu chí.', errors);
		}
		const stored = input.entries.flatMap((e) =>
			e.score === null ? [] : [{ criterionId: e.criterionId, score: e.score, comment: e.comment }]
		);
		await repo.replaceScores(tx, assignmentId, stored);
		const submit = input.intent === 'submit';
		await repo.updateAssignment(tx, assignmentId, {
			status: submit ? 'submitted' : 'draft',
			submittedAt: submit ? ctx.now : null,
			updatedAt: ctx.now
		});
		await writeAudit(tx, {
			actorId: actor.id,
			action: submit ? 'judging.submit' : 'judging.save',
			entityType: 'judge_assignment',
			entityId: assignmentId,
			after: {
				nominationId: current.nominationId,
				total: weightedTotal(rubric, new Map(stored.map((s) => [s.criterionId, s.score])))
			}
		});
	});
}

/**
 * A judge declares a conflict of interest: the dossier leaves their queue and goes to the
 * least-loaded judge of the panel who is free of conflicts with it, if there is one.
 */
export async function declareConflict(ctx: Ctx, assignmentId: number, reason: string) {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const assignment = await loadOwnAssignment(tx, actor, assignmentId);
		// Exclusive: two conflicts declared at once must not both pick the same replacement.
		const panel = (await repo.lockPanel(tx, assignment.panelId, 'update'))!;
		const current = (await repo.findAssignment(tx, assignmentId))!;
		if (panel.status !== 'open') throw conflict('Vòng chấm không ở trạng thái đang chấm.');
		if (current.status === 'submitted' || current.status === 'conflict') {
			throw conflict(
				current.status === 'submitted'
					? 'Bạn đã nộp điểm hồ sơ này nên không báo xung đột được nữa.'
					: 'Bạn đã báo xung đột lợi ích với hồ sơ này.'
			);
		}
		await repo.updateAssignment(tx, assignmentId, {
			status: 'conflict',
			conflictReason: reason,
			updatedAt: ctx.now
		});
		await repo.deleteScores(tx, assignmentId);
		const campaign = (await campaignRepo.findCampaign(tx, panel.campaignId))!;
		// The same rule as for every dossier: its judges made up again where someone is free.
		const { pairs, judges } = await giveJudges(
			tx,
			campaign,
			panel,
			[current.nominationId],
			ctx.now
		);
		const replacement = pairs[0]?.judgeId ?? null;
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'judging.conflict',
			entityType: 'judge_assignment',
			entityId: assignmentId,
			unitPath: campaign.organizingUnitPath,
			after: { nominationId: current.nominationId, reason, replacementJudgeId: replacement }
		});
		const replacementName = judges.find((j) => j.userId === replacement)?.fullName ?? null;
		return { replacementName };
	});
}

/** A photo or evidence file of a dossier given to the judge. */
export async function readAssignedFile(ctx: Ctx, assignmentId: number, fileId: string) {
	const actor = requireActor(ctx);
	const assignment = await loadOwnAssignment(ctx.db, actor, assignmentId);
	if (assignment.status === 'conflict') throw notFound(ASSIGNMENT_NOT_FOUND);
	const file = await nominationRepo.findFile(ctx.db, assignment.nominationId, fileId);
	if (!file) throw notFound('Không tìm thấy tệp.');
	return { bytes: file.bytes, headers: evidenceHeaders(file) };
}

/** @public Only tells whether the signed-in person sits on a panel (for the navigation). */
export async function isJudge(ctx: Ctx): Promise<boolean> {
	return ctx.actor ? repo.sitsOnAnyPanel(ctx.db, ctx.actor.id) : false;
}

// ---------------------------------------------------------------- the public

/** What the public may read of a finalist: no contact details, no screening history. */
function publicFacts(nominee: Nominee): { label: string; value: string }[] {
	switch (nominee.kind) {
		case 'individual':
			return [
				{ label: 'Chức vụ', value: nominee.position },
				{ label: 'Nơi công tác, học tập', value: nominee.workplace }
			];
		case 'collective':
			return [{ label: 'Số thành viên', value: formatNumber(nominee.memberCount) }];
		case 'work':
			return [
				{ label: 'Tác giả', value: nominee.authors },
				{ label: 'Nơi đăng, phát', value: nominee.publishedIn }
			];
	}
}

async function loadPublicShortlist(db: Db, campaignId: number) {
	const campaign = await campaignRepo.findCampaign(db, campaignId);
	if (!campaign || campaign.status === 'draft') throw notFound('Không tìm thấy đợt tôn vinh.');
	const panel = await repo.findPanelByCampaign(db, campaignId);
	const rows = panel ? await repo.listShortlistDetails(db, panel.id) : [];
	return { campaign, rows };
}

/** @public The shortlist of a published campaign (what the public votes on), by name. */
export async function listPublicShortlist(ctx: Ctx, campaignId: number) {
	const { rows } = await loadPublicShortlist(ctx.db, campaignId);
	return rows.map((r) => ({
		nominationId: r.nominationId,
		name: r.nomineeName,
		categoryName: r.categoryName,
		unitName: r.unitName,
		summary: r.summary,
		photoId: r.photoId
	}));
}

/** @public One finalist's story, as the public sees it. */
export async function getPublicFinalist(ctx: Ctx, campaignId: number, nominationId: number) {
	const { campaign, rows } = await loadPublicShortlist(ctx.db, campaignId);
	const row = rows.find((r) => r.nominationId === nominationId);
	if (!row) throw notFound('Không tìm thấy gương mặt này trong danh sách rút gọn.');
	return {
		campaign: {
			id: campaign.id,
			title: campaign.title,
			organizingUnitName: campaign.organizingUnitName
		},
		finalist: {
			nominationId: row.nominationId,
			name: row.nomineeName,
			categoryName: row.categoryName,
			unitName: row.unitName,
			summary: row.summary,
			narrative: row.narrative,
			achievements: row.achievements,
			facts: publicFacts(row.nominee),
			photoId: row.photoId
		}
	};
}

/** @public A finalist's photo (only the photo: evidence stays behind the permission checks). */
export async function readFinalistPhoto(
	ctx: Ctx,
	campaignId: number,
	nominationId: number,
	fileId: string
) {
	const { rows } = await loadPublicShortlist(ctx.db, campaignId);
	const row = rows.find((r) => r.nominationId === nominationId);
	if (!row || row.photoId !== fileId) throw notFound('Không tìm thấy ảnh.');
	const file = await nominationRepo.findFile(ctx.db, nominationId, fileId);
	if (!file) throw notFound('Không tìm thấy ảnh.');
	return {
		bytes: file.bytes,
		headers: { ...evidenceHeaders(file), 'cache-control': 'public, max-age=3600' }
	};
}
