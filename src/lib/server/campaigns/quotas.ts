// "Phân bổ chỉ tiêu": a category's quota is every unit's, unless the organizer gives a unit below
// its own number, on the quota table or from a spreadsheet. Dossiers sent and forwarded are
// checked against it under the category's lock (nominations' `lockCategory`).
import { quotaField, unitQuotasSchema } from '$lib/schemas/campaigns';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { invalid } from '../errors';
import { findUnitsByIds, listUnits } from '../units';
import { defineUseCase, type Scope } from '../usecase';
import { onCampaign } from './access';
import * as quotaRepo from './quota-repo';
import { cellKey } from './quota-repo';
import type { CampaignRow } from './repo';
import { isBelow, quotaProblem } from './rules';
import { getManagedCampaign } from './service';

/** The quota table: every active unit below the organizing unit, per category its own quota and use. */
export async function getUnitQuotas(ctx: Ctx, campaignId: number) {
	const campaign = await getManagedCampaign(ctx, campaignId);
	const [units, own, used] = await Promise.all([
		listUnits(ctx),
		quotaRepo.listUnitQuotas(ctx.db, campaignId),
		quotaRepo.listPlacesUsed(ctx.db, campaignId)
	]);
	const top = campaign.organizingUnitPath;
	const depthOf = (path: string) => path.split('/').length - top.split('/').length;
	return {
		campaign,
		units: units
			.filter((u) => isBelow(u.path, top))
			.map((u) => ({
				id: u.id,
				name: u.name,
				code: u.code,
				depth: depthOf(u.path),
				cells: campaign.categories.map((c) => ({
					categoryId: c.id,
					field: quotaField(c.id, u.id),
					own: own.get(cellKey(c.id, u.id)) ?? null,
					used: used.get(cellKey(c.id, u.id)) ?? 0
				}))
			}))
	};
}

export interface QuotaCell {
	/** Where a problem is reported: the table's box, or the spreadsheet's row. */
	field: string;
	categoryId: number;
	unitId: number;
	/** null: back to the category's quota. */
	places: number | null;
}

interface QuotaChange {
	categoryId: number;
	category: string;
	unitId: number;
	unit: string;
	before: number | null;
	after: number | null;
}

/**
 * Checks cells against the campaign under its categories' locks: the category is the campaign's,
 * the unit lies below the organizing unit, and no unit gets fewer places than it already holds.
 * Returns the cells that change, and the problems by field.
 */
export async function planQuotas(db: Db, campaign: CampaignRow, cells: QuotaCell[]) {
	const categories = new Map(
		(await quotaRepo.lockCategories(db, campaign.id)).map((c) => [c.id, c])
	);
	const units = new Map(
		(await findUnitsByIds(db, [...new Set(cells.map((c) => c.unitId))])).map((u) => [u.id, u])
	);
	const [own, used] = await Promise.all([
		quotaRepo.listUnitQuotas(db, campaign.id),
		quotaRepo.listPlacesUsed(db, campaign.id)
	]);
	const changes: QuotaChange[] = [];
	const errors: Record<string, string[]> = {};
	for (const cell of cells) {
		const category = categories.get(cell.categoryId);
		const unit = units.get(cell.unitId);
		const key = cellKey(cell.categoryId, cell.unitId);
		const problem = quotaProblem({
			category: category ?? null,
			unit: unit && isBelow(unit.path, campaign.organizingUnitPath) ? unit : null,
			places: cell.places,
			used: used.get(key) ?? 0
		});
		if (problem) {
			errors[cell.field] = [problem];
			continue;
		}
		const before = own.get(key) ?? null;
		if (before === cell.places) continue;
		changes.push({
			categoryId: cell.categoryId,
			category: category!.name,
			unitId: cell.unitId,
			unit: `${unit!.name} (${unit!.code})`,
			before,
			after: cell.places
		});
	}
	return { changes, errors };
}

export async function saveQuotas(db: Db, changes: QuotaChange[]) {
	for (const change of changes)
		await quotaRepo.saveUnitQuota(db, {
			categoryId: change.categoryId,
			unitId: change.unitId,
			places: change.after
		});
}

/** One audit entry for the changes of one save or import: what each unit had, what it has. */
export function quotaAudit(changes: QuotaChange[], campaign: CampaignRow, source?: string) {
	const line = (c: QuotaChange, places: number | null) =>
		`${c.unit} · ${c.category}: ${places ?? 'theo chỉ tiêu chung'}`;
	return changes.length === 0
		? []
		: [
				{
					entityType: 'campaign',
					entityId: campaign.id,
					unitPath: campaign.organizingUnitPath,
					before: { quotas: changes.map((c) => line(c, c.before)) },
					after: {
						quotas: changes.map((c) => line(c, c.after)),
						...(source ? { file: source } : {})
					}
				}
			];
}

/** Saves the quota table: every box that differs from what is stored; nothing if any box is wrong. */
export const setUnitQuotas = defineUseCase({
	name: 'campaign.unit_quotas',
	input: unitQuotasSchema,
	...onCampaign,
	run: async ({ db }: Scope, { cells }, campaign) => {
		const { changes, errors } = await planQuotas(db, campaign, cells);
		if (Object.keys(errors).length > 0)
			throw invalid('Có ô chưa hợp lệ: xem các ô được đánh dấu.', errors);
		await saveQuotas(db, changes);
		return changes;
	},
	audit: (changes, _input, campaign) => quotaAudit(changes, campaign),
	present: (changes) => ({ changed: changes.length })
});
