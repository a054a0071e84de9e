// "Sao chép từ năm trước": a campaign's own records copied into a new draft for next year. The
// judging area copies the rubric on top (judging/copy.ts), in the same transaction.
import type { Db } from '../db/client';
import { findUnitsByIds } from '../units';
import * as quotaRepo from './quota-repo';
import * as repo from './repo';
import type { CampaignRow } from './repo';
import { aYearLater } from '$lib/shared/datetime';
import { nextYearTitle } from './rules';

/**
 * Copies title, categories (with their quotas and the active units' own quotas) and phases, a
 * year later, into a new draft. Returns its id and the new id of each category.
 */
export async function copyCampaignRecords(db: Db, campaign: CampaignRow, createdById: number) {
	const id = await repo.insertCampaign(db, {
		organizingUnitId: campaign.organizingUnitId,
		title: nextYearTitle(campaign.title, campaign.year),
		description: campaign.description,
		year: campaign.year + 1,
		createdById
	});
	const categoryIds = new Map<number, number>();
	for (const c of await repo.listCategories(db, [campaign.id]))
		categoryIds.set(
			c.id,
			await repo.insertCategory(db, id, {
				kind: c.kind,
				name: c.name,
				field: c.field,
				quotaPerUnit: c.quotaPerUnit
			})
		);
	const own = await quotaRepo.listUnitQuotaRows(db, campaign.id);
	const active = new Set(
		(await findUnitsByIds(db, [...new Set(own.map((q) => q.unitId))]))
			.filter((u) => u.archivedAt === null)
			.map((u) => u.id)
	);
	for (const q of own.filter((q) => active.has(q.unitId)))
		await quotaRepo.saveUnitQuota(db, { ...q, categoryId: categoryIds.get(q.categoryId)! });
	const phases = await repo.listPhases(db, [campaign.id]);
	await repo.replacePhases(
		db,
		id,
		phases.map((p) => ({
			kind: p.kind,
			startsAt: aYearLater(p.startsAt),
			endsAt: aYearLater(p.endsAt)
		}))
	);
	return { id, categoryIds };
}
