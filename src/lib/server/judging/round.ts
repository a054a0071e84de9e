// The scoring round: opening it, keeping every accepted dossier judged, closing it, and the
// shortlist and score sheet that come out of it.
import { z } from 'zod';
import { shortlistSchema } from '$lib/schemas/judging';
import { id } from '$lib/schemas/common';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import { table, type Column, type ExportBook } from '../files/export';
import { acceptScreenedDossier, findDossier } from '../nominations';
import { dossiersLeftByJudge } from './closing-rules';
import { notify } from '../notifications';
import { defineUseCase } from '../usecase';
import {
	campaignId,
	giveJudges,
	loadManagedCampaign,
	lockPanelOf,
	managed,
	panelAudit,
	planOpening,
	requireStatus
} from './access';
import { confirmAccept, confirmCloseRound, confirmOpenRound, confirmRemind } from './confirmations';
import { getPanel } from './panels';
import * as repo from './repo';
import { computeResults } from './results';
import { selectShortlist } from './rules';

const campaignRef = z.object({ id: campaignId });
const NOT_OPEN = 'Vòng chấm không ở trạng thái đang chấm.';

/**
 * Opens the scoring round: the rubric and the panel freeze, and the accepted dossiers are
 * given to judges without a conflict of interest. Returns what could not be covered.
 */
export const openRound = defineUseCase({
	name: 'judging.open',
	input: campaignRef,
	...managed,
	confirm: confirmOpenRound,
	run: async ({ db, now }, _input, campaign) => {
		const panel = await repo.lockOrCreatePanel(db, campaign.id);
		const { state, plan } = await planOpening(db, campaign, panel);
		await repo.insertAssignments(db, panel.id, plan.pairs, now);
		await repo.updatePanel(
			db,
			panel.id,
			{ status: 'open', openedAt: now, assignmentNote: plan.imbalance },
			now
		);
		await notify(db, {
			to: state.judgeIds,
			message: `Bạn được phân công chấm hồ sơ của “${campaign.title}”.`,
			link: '/cham-diem',
			at: now,
			topic: 'judging'
		});
		const report = { assignments: plan.pairs.length, gaps: plan.gaps, imbalance: plan.imbalance };
		return { campaign, panel, report };
	},
	audit: ({ campaign, panel, report }) => panelAudit({ campaign, panel }, { after: report }),
	present: ({ report }) => report
});

/**
 * Gives every accepted dossier of the open round the judges it still lacks, under the rule the
 * round opened with: what the organizer does for a dossier accepted, by any path, after opening.
 * Returns how many assignments were made and how many dossiers are still short.
 */
export const assignPending = defineUseCase({
	name: 'judging.assign',
	input: campaignRef,
	...managed,
	run: async ({ db, now }, _input, campaign) => {
		const panel = await lockPanelOf(db, campaign.id);
		requireStatus(panel, 'open', NOT_OPEN);
		const { pairs, gaps } = await giveJudges(db, campaign, panel, null, now);
		return { campaign, panel, pairs, gaps };
	},
	audit: ({ campaign, panel, pairs, gaps }) =>
		pairs.length ? panelAudit({ campaign, panel }, { after: { pairs, gaps } }) : null,
	present: ({ pairs, gaps }) => ({ assignments: pairs.length, stillShort: gaps.length })
});

/**
 * The organizing unit accepts a dossier (nominations' screening decision, unchanged) and, in the
 * same transaction, judging takes it in: while the round is open it gets its judges under the
 * rule of the round, like every other dossier. Returns where the round stands for it.
 */
export const acceptDossier = defineUseCase({
	name: 'judging.assign',
	input: z.object({ id: id('hồ sơ') }),
	// The acceptance it runs first is authorised by nominations (readable, at the actor's level,
	// with its own refusals); nothing else is done for a refused actor.
	authorize: () => [],
	confirm: confirmAccept,
	run: async (scope, { id: nominationId }) => {
		const { db, now } = scope;
		await acceptScreenedDossier(scope, { id: nominationId });
		const dossier = (await findDossier(db, nominationId))!;
		const found = await repo.findPanelByCampaign(db, dossier.campaignId);
		// Locked once the acceptance is written: a round opened meanwhile is waited for, then
		// this dossier is given its judges; a round opened after sees it accepted.
		const panel = found && (await repo.lockPanel(db, found.id, 'update'))!;
		if (!panel || panel.status === 'setup') return { round: 'later' as const };
		if (panel.status === 'closed') return { round: 'closed' as const };
		const campaign = (await campaignRepo.findCampaign(db, dossier.campaignId))!;
		const { pairs, gaps } = await giveJudges(db, campaign, panel, [nominationId], now);
		return {
			round: 'open' as const,
			judges: pairs.length,
			short: gaps.length > 0,
			given: { campaign, panel, pairs, gaps }
		};
	},
	audit: (outcome) =>
		outcome.round === 'open' && outcome.given.pairs.length
			? panelAudit(outcome.given, {
					after: { pairs: outcome.given.pairs, gaps: outcome.given.gaps }
				})
			: null,
	present: (outcome) =>
		outcome.round === 'open'
			? { round: outcome.round, judges: outcome.judges, short: outcome.short }
			: outcome
});

/** Reminds every judge who has dossiers left to submit; returns how many were reminded. */
export const remindJudges = defineUseCase({
	name: 'judging.remind',
	input: campaignRef,
	...managed,
	confirm: confirmRemind,
	run: async ({ db, now }, _input, campaign) => {
		const panel = await lockPanelOf(db, campaign.id);
		requireStatus(panel, 'open', NOT_OPEN);
		const assignments = await repo.listAssignments(db, panel.id);
		const behind = [...dossiersLeftByJudge(assignments).keys()];
		await notify(db, {
			to: behind,
			message: `Nhắc việc: bạn còn hồ sơ chưa nộp điểm trong “${campaign.title}”.`,
			link: '/cham-diem',
			at: now,
			topic: 'judging'
		});
		return { campaign, panel, behind };
	},
	audit: ({ campaign, panel, behind }) =>
		panelAudit({ campaign, panel }, { after: { judgeIds: behind } }),
	present: ({ behind }) => behind.length
});

/** Ends the round: from now on no score is accepted; only submitted sheets count. */
export const closeRound = defineUseCase({
	name: 'judging.close',
	input: campaignRef,
	...managed,
	confirm: confirmCloseRound,
	run: async ({ db, now }, _input, campaign) => {
		const panel = await lockPanelOf(db, campaign.id);
		requireStatus(panel, 'open', NOT_OPEN);
		await repo.updatePanel(db, panel.id, { status: 'closed', closedAt: now }, now);
		return { campaign, panel };
	},
	audit: (closed) => panelAudit(closed),
	present: () => undefined
});

/**
 * The title of the public vote that holds a campaign's shortlist, or null. Voting knows this
 * (it depends on judging, not the other way round), so it hands the question in.
 */
export type ShortlistFreeze = (db: Db, campaignId: number, now: Date) => Promise<string | null>;

/** Marks the shortlist per category from the closed round's ranking; voting makes the one instance. */
export function shortlistMarking(frozenBy: ShortlistFreeze) {
	return defineUseCase({
		name: 'judging.shortlist',
		// The rule's schema is a union, so the campaign is joined to it rather than extended.
		input: campaignRef.and(shortlistSchema),
		...managed,
		run: async ({ db, now }, input, campaign) => {
			const panel = await lockPanelOf(db, campaign.id);
			requireStatus(panel, 'closed', 'Chỉ lập danh sách rút gọn sau khi kết thúc vòng chấm.');
			// Once the public votes on the shortlist, it stays what they vote on.
			const poll = await frozenBy(db, campaign.id, now);
			if (poll !== null) {
				throw conflict(
					`Danh sách rút gọn đang được bình chọn trong “${poll}”: không lập lại được nữa.`
				);
			}
			const categories = await campaignRepo.listCategories(db, [campaign.id]);
			const { results } = await computeResults(db, panel, categories);
			const { id: _campaign, ...rule } = input;
			const chosen = results.flatMap((category) =>
				selectShortlist(
					category.rows,
					rule.rule === 'top'
						? { kind: 'top', count: rule.count }
						: { kind: 'threshold', minScore: rule.minScore }
				).map((r) => ({ nominationId: r.nominationId, rank: r.rank!, score: r.score! }))
			);
			await repo.replaceShortlist(db, panel.id, chosen, now);
			return { campaign, panel, rule, chosen };
		},
		audit: ({ campaign, panel, rule, chosen }) =>
			panelAudit(
				{ campaign, panel },
				{ after: { rule, nominationIds: chosen.map((c) => c.nominationId) } }
			),
		present: ({ chosen }) => chosen.length
	});
}

/**
 * The jury's side of the final ranking, for voting to weigh against the public vote: the
 * closed round's results per category, or null without a panel. Organizers of the campaign only.
 */
export async function getJuryResults(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	await loadManagedCampaign(ctx.db, actor, campaignId);
	const [panel, categories] = await Promise.all([
		repo.findPanelByCampaign(ctx.db, campaignId),
		campaignRepo.listCategories(ctx.db, [campaignId])
	]);
	if (!panel) return null;
	const { results } = await computeResults(ctx.db, panel, categories);
	return { panel, results };
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
	return {
		filename: `bang-tong-hop-diem-dot-${campaignId}`,
		sheets,
		personalData: { what: `Bảng tổng hợp điểm của đợt ${campaign.title}` }
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
