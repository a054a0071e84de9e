// What the public reads of a campaign's judging: the shortlist and each finalist's story.
import type { Nominee } from '$lib/shared/campaigns';
import { formatNumber } from '$lib/shared/format';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import * as campaignRepo from '../campaigns';
import { evidenceHeaders } from '../files/evidence';
import * as nominationRepo from '../nominations';
import * as repo from './repo';

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
