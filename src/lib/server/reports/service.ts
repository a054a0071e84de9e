import { nominationStatusLabels } from '$lib/shared/campaigns';
import { administeredPaths, authorize, can, isWithin, requireActor } from '../auth/policy';
import * as campaignRepo from '../campaigns';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { table, type Column, type ExportBook } from '../files/export';
import { dossierCounts } from './repo';
import { barWidth } from '$lib/shared/bars';
import { reportedStatuses, tallyDossiers } from './rules';

const NOT_FOUND = 'Không tìm thấy đợt tôn vinh.';

/** Campaigns whose report the organizer may read: their own, and those above their units. */
export async function listReportableCampaigns(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const mine = administeredPaths(actor);
	const all = await campaignRepo.listCampaigns(ctx.db, { withinPaths: null });
	return all
		.filter(
			(c) =>
				mine === null ||
				mine.some(
					(p) =>
						isWithin(c.organizingUnitPath, p) ||
						(isWithin(p, c.organizingUnitPath) && c.status !== 'draft')
				)
		)
		.map((c) => ({ id: c.id, title: c.title, year: c.year, unitName: c.organizingUnitName }));
}

/**
 * Dossiers of a campaign by unit, category and status. The campaign's organizers see it all;
 * an organizer of a unit below sees only what their own subtree sent. Nobody else sees it.
 */
export async function campaignReport(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	const campaign = await campaignRepo.findCampaign(ctx.db, campaignId);
	if (!campaign) throw notFound(NOT_FOUND);
	const path = campaign.organizingUnitPath;
	let scope: string[] | null;
	if (can(actor, 'campaign.manage', { kind: 'unit', path })) scope = null;
	else {
		const mine = administeredPaths(actor) ?? [];
		scope = mine.filter((p) => isWithin(p, path));
		if (scope.length === 0 || campaign.status === 'draft') throw notFound(NOT_FOUND);
	}
	const tally = tallyDossiers(await dossierCounts(ctx.db, [campaign.id], scope));
	const peakUnit = Math.max(0, ...tally.byUnit.map((u) => u.total));
	const peakStatus = Math.max(0, ...tally.byStatus.map((s) => s.n));
	return {
		campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
		partial: scope !== null,
		...tally,
		byUnit: tally.byUnit.map((u) => ({ ...u, bar: barWidth(u.total, peakUnit) })),
		byStatus: tally.byStatus.map((s) => ({ ...s, bar: barWidth(s.n, peakStatus) }))
	};
}

/** The report's dossiers by unit and status, as a table to download. */
export async function exportCampaignReport(ctx: Ctx, campaignId: number): Promise<ExportBook> {
	requireActor(ctx);
	const report = await campaignReport(ctx, campaignId);
	return {
		filename: `bao-cao-dot-${campaignId}`,
		sheets: [
			table(
				'Hồ sơ theo đơn vị',
				[
					{ header: 'Đơn vị', kind: 'text', value: (u) => u.label },
					{ header: 'Tổng số', kind: 'number', value: (u) => u.total },
					...reportedStatuses.map((status): Column<(typeof report.byUnit)[number]> => ({
						header: nominationStatusLabels[status],
						kind: 'number',
						value: (u) => u.byStatus[status]
					}))
				],
				report.byUnit
			)
		]
	};
}
