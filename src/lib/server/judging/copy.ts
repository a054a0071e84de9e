// "Sao chép sang năm sau": a campaign becomes next year's draft with its categories, quotas and
// phases (campaigns' copyCampaignRecords) and its panel's rules and rubric (here, since judging
// builds on campaigns). Judges, dossiers and scores stay with the year they belong to.
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { copyCampaignRecords, managesCampaign } from '../campaigns';
import { defineUseCase } from '../usecase';
import { findCampaign } from './access';
import * as repo from './repo';

export const copyCampaign = defineUseCase({
	name: 'campaign.copy',
	input: z.object({ campaignId: id('đợt') }),
	load: ({ db }, input) => findCampaign(db, input.campaignId),
	authorize: (_actor, campaign) => managesCampaign(campaign),
	run: async ({ db, actor, now }, _input, campaign) => {
		const { id: copyId, categoryIds } = await copyCampaignRecords(db, campaign, actor.id);
		const panel = await repo.findPanelByCampaign(db, campaign.id);
		let criteria = 0;
		if (panel) {
			const copy = await repo.lockOrCreatePanel(db, copyId);
			await repo.updatePanel(
				db,
				copy.id,
				{
					assignmentMode: panel.assignmentMode,
					judgesPerDossier: panel.judgesPerDossier,
					revealAfterSubmit: panel.revealAfterSubmit,
					normalize: panel.normalize,
					spreadThreshold: panel.spreadThreshold,
					juryWeight: panel.juryWeight
				},
				now
			);
			for (const c of await repo.listCriteria(db, panel.id)) {
				const categoryId = categoryIds.get(c.categoryId);
				if (categoryId === undefined) continue;
				await repo.insertCriterion(db, {
					panelId: copy.id,
					categoryId,
					name: c.name,
					description: c.description,
					maxScore: c.maxScore,
					weight: c.weight,
					position: c.position
				});
				criteria++;
			}
		}
		return { id: copyId, categories: categoryIds.size, criteria };
	},
	audit: (copy, _input, campaign) => ({
		entityType: 'campaign',
		entityId: copy.id,
		unitPath: campaign.organizingUnitPath,
		after: { copiedFrom: campaign.title, categories: copy.categories, criteria: copy.criteria }
	})
});
