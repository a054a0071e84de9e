/** Embeds: who may frame a thing's page, and the oEmbed answer for a public address. */
import { embedOriginsFor, findActiveUnit, rootEmbedOrigins } from '../units';
import { getPublicCampaign } from '../campaigns';
import { getPublicRoundHeading } from '../contests';
import { getPublicPoll } from '../voting';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { embedTargetOf, oembedAnswer, roundBoardTitle, type EmbedTarget } from './rules';

/**
 * @public The sites that may frame a page of the unit on this path (its list and those above
 * it); the honour roll without a unit is the whole tree's, framed by the top units' lists.
 */
export function framingOf(ctx: Pick<Ctx, 'db'>, unitPath: string | null): Promise<string[]> {
	return unitPath ? embedOriginsFor(ctx, unitPath) : rootEmbedOrigins(ctx);
}

const NOT_EMBEDDABLE = 'Không có trang nhúng cho địa chỉ này.';

/** The public title of a thing, read through its public page's function as an anonymous visitor. */
async function titleOf(ctx: Ctx, target: EmbedTarget): Promise<string> {
	switch (target.kind) {
		case 'poll':
			return `Bình chọn: ${(await getPublicPoll(ctx, target.id, { token: null, address: '' })).poll.title}`;
		case 'campaign': {
			const campaign = await getPublicCampaign(ctx, target.id);
			return `Danh sách đề cử: ${campaign.title}`;
		}
		case 'honour-roll': {
			if (!target.unitId) return 'Bảng vàng Gương Sáng';
			const unit = await findActiveUnit(ctx.db, target.unitId);
			if (!unit) throw notFound('Không tìm thấy đơn vị.');
			return `Bảng vàng — ${unit.name}`;
		}
		case 'contest-round': {
			const { contest, round } = await getPublicRoundHeading(ctx, target.contestId, target.roundId);
			return roundBoardTitle(contest.title, round.title);
		}
	}
}

/**
 * @public The oEmbed answer for an address of this site, as an anonymous visitor sees it: an
 * unknown address, another site's, or a page the public cannot read is not found.
 */
export async function oembed(
	ctx: Ctx,
	address: string,
	origin: string,
	asked: { maxwidth?: number; maxheight?: number } = {}
) {
	const target = embedTargetOf(address, origin);
	if (!target) throw notFound(NOT_EMBEDDABLE);
	const visitor = { ...ctx, actor: null };
	return oembedAnswer(origin, target, await titleOf(visitor, target), asked);
}
