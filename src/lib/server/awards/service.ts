/** Awards: the organizers' reads and the list export; use cases live in files by purpose. */
import { formatCertificateCode, awardLabel, recipientTypeLabels } from '$lib/shared/awards';
import { formatDate } from '$lib/shared/format';
import { foldVietnamese } from '$lib/shared/text';
import { findUserNames } from '../auth';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import { findCampaign, listCampaigns } from '../campaigns';
import { findRound, listRoundsWithWinners } from '../contests';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { table, type ExportBook } from '../files/export';
import { findGame, listFinishedGames } from '../live';
import { findUnit } from '../units';
import { authorizeRead } from '../usecase';
import { rankedCampaignResults } from './decisions';
import { settingsChain } from './printing';
import { findDecisionOr404, managedDecision } from './recipients';
import * as repo from './repo';
import { placeAndDate, resolvePrintSettings } from './rules';

export * from './decisions';
export { addRecipient, correctDecision, correctRecipient, revokeRecipient } from './recipients';
export {
	certificatePdf,
	decisionCertificatesPdf,
	getAwardSettings,
	saveAwardSettings
} from './printing';
export * from './public';
export { campaignDecisions, decisionPdf } from './decision-pdf';

// ---- Organizers: decisions -----------------------------------------------------------------

export async function listDecisions(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listDecisions(ctx.db, administeredPaths(actor));
}

export async function getDecision(ctx: Ctx, id: number) {
	requireActor(ctx);
	const decision = await findDecisionOr404(ctx.db, id);
	authorizeRead(ctx, () => managedDecision(decision));
	const [recipients, events, round, game, chain] = await Promise.all([
		repo.listRecipients(ctx.db, id),
		repo.listEvents(ctx.db, id),
		decision.roundId ? findRound(ctx.db, decision.roundId) : null,
		decision.gameId ? findGame(ctx.db, decision.gameId) : null,
		settingsChain(ctx.db, decision.unitPath)
	]);
	// Where the decision rests: its round's leaderboard, or its live game's report.
	const leaderboard = round ? `/cuoc-thi/${round.contestId}/tuan/${round.id}` : null;
	const gameReport = game ? `/quan-tri/rung-chuong-vang/${game.code}` : null;
	// How its certificates are signed off, so the organizer sees it before printing.
	const signOff = resolvePrintSettings(chain);
	const actors = [...new Set(events.flatMap((e) => (e.actorId === null ? [] : [e.actorId])))];
	const names = new Map((await findUserNames(ctx.db, actors)).map((u) => [u.id, u.fullName]));
	const history = events.map(({ actorId, ...e }) => ({
		...e,
		actorName: actorId === null ? null : (names.get(actorId) ?? null)
	}));
	return {
		decision,
		recipients,
		history,
		leaderboard,
		gameReport,
		signOff: { ...signOff, placeAndDate: placeAndDate(signOff.placeName, decision.decidedOn) }
	};
}

/** Campaigns and contest rounds of the organizer's subtrees that can become decisions. */
export async function listAwardSources(ctx: Ctx) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const withinPaths = administeredPaths(actor);
	const [campaigns, rounds, games] = await Promise.all([
		listCampaigns(ctx.db, { withinPaths, publishedOnly: true }),
		listRoundsWithWinners(ctx.db, withinPaths),
		listFinishedGames(ctx.db, withinPaths)
	]);
	return {
		campaigns: campaigns.map((c) => ({ id: c.id, title: c.title, year: c.year })),
		rounds,
		games
	};
}

/**
 * What an organizer can turn into a decision: the accepted dossiers of a campaign, the judged
 * shortlist first and alone ticked (less what is already awarded); without a shortlist, none.
 */
export async function campaignCandidates(ctx: Ctx, campaignId: number) {
	const actor = requireActor(ctx);
	const campaign = await findCampaign(ctx.db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	if (!can(actor, 'award.manage', { kind: 'unit', path: campaign.organizingUnitPath }))
		throw notFound('Không tìm thấy đợt tôn vinh.');
	const candidates = await rankedCampaignResults(ctx, campaign.id);
	const awarded = await repo.awardedNominations(
		ctx.db,
		candidates.flatMap((c) => (c.nominationId ? [c.nominationId] : []))
	);
	return {
		campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
		candidates: candidates.map((c) => {
			const awardedIn = c.nominationId ? (awarded.get(c.nominationId) ?? null) : null;
			return { ...c, awardedIn, selected: c.shortlisted && !awardedIn };
		})
	};
}

/** A person's or unit's awards across years, within the reader's subtrees. */
export async function awardHistory(ctx: Ctx, query: { name?: string; unitId?: number }) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const unit = query.unitId ? await findUnit(ctx.db, query.unitId) : null;
	if (query.unitId && !unit) throw notFound('Không tìm thấy đơn vị.');
	if (!query.name && !unit) return [];
	return repo.awardHistory(ctx.db, {
		withinPaths: administeredPaths(actor),
		nameFolded: query.name ? foldVietnamese(query.name) : undefined,
		unitPath: unit?.path
	});
}

/** A decision's recipients as the list an office files and prints with it. */
export async function exportDecisionRecipients(ctx: Ctx, id: number): Promise<ExportBook> {
	const { decision, recipients } = await getDecision(ctx, id);
	const title =
		`Danh sách kèm theo Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)}` +
		` của ${decision.issuer}`;
	return {
		filename: `khen-thuong-quyet-dinh-${decision.id}`,
		personalData: {
			what: `Danh sách khen thưởng theo Quyết định số ${decision.number}`,
			unitPath: decision.unitPath
		},
		sheets: [
			table(
				'Danh sách khen thưởng',
				[
					{ header: 'STT', kind: 'number', value: (r) => r.rank },
					{ header: 'Họ và tên / Tên tập thể', kind: 'text', value: (r) => r.name },
					{ header: 'Cá nhân / Tập thể', kind: 'text', value: (r) => recipientTypeLabels[r.type] },
					{ header: 'Chức vụ', kind: 'text', value: (r) => r.position },
					{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
					{
						header: 'Hình thức khen thưởng',
						kind: 'text',
						value: (r) => awardLabel(r.kind, r.customKind)
					},
					{ header: 'Thành tích', kind: 'text', value: (r) => r.achievement },
					{
						header: 'Mã xác minh',
						kind: 'text',
						value: (r) => formatCertificateCode(r.certificateCode)
					},
					{ header: 'Ngày quyết định', kind: 'date', value: () => decision.decidedOn },
					{
						header: 'Thu hồi',
						kind: 'text',
						value: (r) => (r.revokedAt ? `Đã thu hồi: ${r.revokedReason ?? ''}` : '')
					},
					{ header: 'Ngày thu hồi', kind: 'date', value: (r) => r.revokedAt }
				],
				recipients,
				{ title }
			)
		]
	};
}
