import { awardSourceLabels } from '$lib/shared/awards';
import { campaignCandidates, createDecisionFromCampaign } from '../awards/service';
import type { Ctx } from '../context';

/**
 * An award decision from the demo campaign's results: the first accepted individual and the
 * accepted collective get a Bằng khen, so the honour roll and /xac-minh have something to show.
 * The other accepted dossiers are left for the organizer to award in the demo.
 */
export async function seedDemoAwards(ctx: Ctx, campaignId: number): Promise<number> {
	const { candidates } = await campaignCandidates(ctx, campaignId);
	const chosen = [
		candidates.find((c) => c.type === 'individual'),
		candidates.find((c) => c.type === 'collective')
	].flatMap((c) => (c?.nominationId ? [c.nominationId] : []));
	return createDecisionFromCampaign(ctx, {
		number: '125-QĐ/TĐTN-BTG',
		decidedOn: `${ctx.now.getUTCFullYear()}-03-26`,
		issuer: 'Ban Thường vụ Tỉnh đoàn Gương Sáng',
		signer: 'Nguyễn Văn Thành',
		signerTitle: 'Bí thư Tỉnh đoàn',
		citation: `Đã có thành tích tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (${awardSourceLabels.campaign.toLowerCase()}).`,
		field: 'Học tập và làm theo Bác',
		kind: 'bang_khen',
		customKind: undefined,
		campaignId,
		nominationIds: chosen
	});
}
