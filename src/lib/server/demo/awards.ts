import {
	campaignCandidates,
	createDecisionFromCampaign,
	previewDecisionFromCampaign
} from '../awards';
import { findCampaign } from '../campaigns';
import type { Ctx } from '../context';

/**
 * An award decision from the judged demo campaign (its panel closed): its shortlisted models,
 * in the panel's order, get a Bằng khen, so the honour roll and /xac-minh have something to
 * show. The first demo campaign, still being judged, is left for the organizer to award.
 */
export async function seedDemoAwards(ctx: Ctx, judgedCampaignId: number): Promise<number> {
	// What the form offers ticked: the judged shortlist, in its order.
	const { candidates } = await campaignCandidates(ctx, judgedCampaignId);
	const campaign = (await findCampaign(ctx.db, judgedCampaignId))!;
	const input = {
		number: '125-QĐ/TĐTN-BTG',
		// Issued today (Vietnam time), after the panel closed.
		decidedOn: new Date(ctx.now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10),
		issuer: 'Ban Thường vụ Tỉnh đoàn Gương Sáng',
		signer: 'Nguyễn Văn Thành',
		signerTitle: 'Bí thư Tỉnh đoàn',
		citation: `Đã có thành tích tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm ${campaign.year}.`,
		field: 'Học tập và làm theo Bác',
		kind: 'bang_khen' as const,
		customKind: undefined,
		campaignId: judgedCampaignId,
		nominationIds: candidates.flatMap((c) => (c.selected ? [c.nominationId!] : []))
	};
	// Confirmed as the organizer would: the decision writes what the confirmation step showed.
	const { token } = await previewDecisionFromCampaign(ctx, input);
	return createDecisionFromCampaign(ctx, { ...input, confirmation: token });
}
