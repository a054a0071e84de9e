import { awardSourceLabels } from '$lib/shared/awards';
import { campaignCandidates, createDecisionFromCampaign } from '../awards/service';
import type { Ctx } from '../context';
import { listPublicShortlist } from '../judging/service';

/**
 * An award decision from the judged demo campaign (its panel closed): its shortlisted models,
 * in the panel's order, get a Bằng khen, so the honour roll and /xac-minh have something to
 * show. The first demo campaign, still being judged, is left for the organizer to award.
 */
export async function seedDemoAwards(ctx: Ctx, judgedCampaignId: number): Promise<number> {
	const { candidates } = await campaignCandidates(ctx, judgedCampaignId);
	const shortlisted = new Set(
		(await listPublicShortlist(ctx, judgedCampaignId)).map((f) => f.nominationId)
	);
	// Candidates come in the judged order; the decision keeps it.
	const chosen = candidates.flatMap((c) =>
		c.nominationId !== null && shortlisted.has(c.nominationId) ? [c.nominationId] : []
	);
	return createDecisionFromCampaign(ctx, {
		number: '125-QĐ/TĐTN-BTG',
		// Issued today (Vietnam time), after the panel closed.
		decidedOn: new Date(ctx.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10),
		issuer: 'Ban Thường vụ Tỉnh đoàn Gương Sáng',
		signer: 'Nguyễn Văn Thành',
		signerTitle: 'Bí thư Tỉnh đoàn',
		citation: `Đã có thành tích tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (${awardSourceLabels.campaign.toLowerCase()}).`,
		field: 'Học tập và làm theo Bác',
		kind: 'bang_khen',
		customKind: undefined,
		campaignId: judgedCampaignId,
		nominationIds: chosen
	});
}
