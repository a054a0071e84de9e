/**
 * The archive of a finished campaign (hồ sơ lưu trữ): one zip laid out as an office files it.
 *
 *   00_Muc_luc.xlsx                      the index: every entry, its number, what it is
 *   01_Ho_so/001_<Ten>/001_Ho_so_de_cu.pdf  one folder per dossier, in the results order,
 *                      <original names>      with its photo and evidence as uploaded
 *   02_Cham_diem/01_Bang_tong_hop_diem.xlsx every judge's scores (the panel's score sheet)
 *                02_Ket_qua.xlsx          the results, with each dossier's folder number
 *   03_Quyet_dinh/01_QD_<so>_<ngay>/01_Quyet_dinh.pdf, 02_Danh_sach_khen_thuong.xlsx,
 *                Giay_chung_nhan/01_<Ten>.pdf   one certificate per standing recipient
 *
 * Preparing it is a use case (authorised, refused before the campaign is finished, audited);
 * the zip is then streamed entry by entry (./archive-stream.ts): one entry's bytes are in memory
 * at a time, and the next is read from the database only once the previous has gone into the
 * stream, so a slow download holds back the reading rather than filling memory.
 */
import { campaignArchiveSchema } from '$lib/schemas/campaigns';
import { awardLabel } from '$lib/shared/awards';
import { categoryKindLabels, nominationStatusLabels } from '$lib/shared/campaigns';
import { formatDate, formatNumber } from '$lib/shared/format';
import { requireActor } from '../auth/policy';
import { campaignDecisions } from '../awards';
import { findCampaign, listCategories, listPhases, type CampaignRow } from '../campaigns';
import type { Ctx } from '../context';
import { conflict, notFound } from '../errors';
import { findPanelByCampaign, getJuryResults } from '../judging';
import { listSentDossiers } from '../nominations';
import { authorizeRead, defineUseCase, type Scope } from '../usecase';
import {
	archiveFileName,
	archiveRefusal,
	asciiName,
	decisionFolder,
	entryFileName,
	filingOrder,
	numbered,
	uniqueNames
} from './archive-rules';

const NOT_FOUND = 'Không tìm thấy đợt tôn vinh.';

type Source =
	| { kind: 'index' }
	| { kind: 'dossier'; nominationId: number; number: string; outcome: [string, string][] }
	| { kind: 'file'; nominationId: number; fileId: string; compressed: boolean }
	| { kind: 'scoreSheet' }
	| { kind: 'results' }
	| { kind: 'decision'; decisionId: number }
	| { kind: 'decisionList'; decisionId: number }
	| { kind: 'certificate'; recipientId: number };

export interface ArchiveEntry {
	/** The entry's path in the zip, NFC. */
	path: string;
	/** The part of the file it belongs to, as the index names it. */
	section: string;
	/** What it is, in full Vietnamese. */
	title: string;
	/** A stored file's checksum, so the archive can be checked against the database. */
	sha256: string | null;
	source: Source;
}

export interface ResultRow {
	number: string;
	categoryName: string;
	rank: number | null;
	name: string;
	unitName: string;
	score: number | null;
	scale: number | null;
	shortlisted: boolean;
	awards: string;
}

export interface ArchivePlan {
	campaign: { id: number; title: string; year: number; organizingUnitName: string };
	filename: string;
	entries: ArchiveEntry[];
	results: ResultRow[];
	/** When the plan was made: the zip's entries carry this time. */
	madeAt: Date;
}

/** The campaign, its state for the refusal rule, and its decisions. */
async function archiveState(ctx: Ctx, campaign: CampaignRow) {
	const [phases, panel] = await Promise.all([
		listPhases(ctx.db, [campaign.id]),
		findPanelByCampaign(ctx.db, campaign.id)
	]);
	const decisions = await campaignDecisions(ctx, campaign.id);
	const refusal = archiveRefusal({
		status: campaign.status,
		phases,
		panelStatus: panel?.status ?? null,
		decisions: decisions.length,
		now: ctx.now
	});
	return { panel, decisions, refusal };
}

const archiveCheck = (campaign: CampaignRow) => ({
	action: 'campaign.archive' as const,
	resource: { kind: 'unit' as const, path: campaign.organizingUnitPath },
	hidden: NOT_FOUND
});

async function loadCampaign(ctx: Pick<Ctx, 'db'>, campaignId: number) {
	const campaign = await findCampaign(ctx.db, campaignId);
	if (!campaign) throw notFound(NOT_FOUND);
	return campaign;
}

/**
 * Whether the campaign's admin page offers the archive, and if not why (in Vietnamese). Null
 * for those who may not have it, so the page shows nothing of it.
 */
export async function campaignArchiveReadiness(ctx: Ctx, campaignId: number) {
	requireActor(ctx);
	const campaign = await loadCampaign(ctx, campaignId);
	try {
		authorizeRead(ctx, () => archiveCheck(campaign));
	} catch {
		return null;
	}
	const { refusal } = await archiveState(ctx, campaign);
	return { ready: refusal === null, reason: refusal };
}

async function buildPlan(scope: Scope, campaign: CampaignRow): Promise<ArchivePlan> {
	const { panel, decisions, refusal } = await archiveState(scope, campaign);
	if (refusal) throw conflict(refusal);
	const [sent, jury, categories] = await Promise.all([
		listSentDossiers(scope.db, campaign.id),
		panel ? getJuryResults(scope, campaign.id) : null,
		listCategories(scope.db, [campaign.id])
	]);
	const ranked = (jury?.results ?? []).flatMap((c) =>
		c.rows.map((r) => ({ ...r, categoryName: c.categoryName, scale: c.scale }))
	);
	const awardsOf = new Map<number, string[]>();
	for (const { decision, recipients } of decisions)
		for (const r of recipients)
			if (r.nominationId !== null && !r.revokedAt) {
				const line = `${awardLabel(r.kind, r.customKind)} (Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)})`;
				awardsOf.set(r.nominationId, [...(awardsOf.get(r.nominationId) ?? []), line]);
			}

	const byId = new Map(sent.map((d) => [d.id, d]));
	const order = filingOrder(
		sent.map((d) => d.id),
		ranked.map((r) => r.nominationId)
	);
	const numberOf = new Map(order.map((id, i) => [id, numbered(i + 1, order.length)]));
	const entries: ArchiveEntry[] = [
		{
			path: '00_Muc_luc.xlsx',
			section: 'Mục lục',
			title: 'Mục lục hồ sơ lưu trữ: mọi tệp, số thứ tự và nội dung',
			sha256: null,
			source: { kind: 'index' }
		}
	];

	for (const id of order) {
		const d = byId.get(id)!;
		const number = numberOf.get(id)!;
		const folder = `01_Ho_so/${number}_${asciiName(d.nomineeName)}`;
		const rank = ranked.find((r) => r.nominationId === id);
		const outcome: [string, string][] = [
			...(rank?.rank
				? [['Xếp hạng của hội đồng', `${rank.rank} (${rank.categoryName})`] as [string, string]]
				: []),
			...(rank?.score !== null && rank?.score !== undefined
				? [
						[
							'Điểm',
							`${formatNumber(Math.round(rank.score * 100) / 100)} / ${formatNumber(rank.scale)}`
						] as [string, string]
					]
				: []),
			...(rank?.shortlisted ? [['Danh sách rút gọn', 'Có'] as [string, string]] : []),
			...(awardsOf.get(id) ?? []).map((a): [string, string] => ['Khen thưởng', a])
		];
		const pdfName = `${number}_Ho_so_de_cu.pdf`;
		const names = uniqueNames([pdfName, ...d.files.map((f) => entryFileName(f.fileName))]);
		entries.push({
			path: `${folder}/${pdfName}`,
			section: 'Hồ sơ đề cử',
			title: `Hồ sơ đề cử số ${number}: ${d.nomineeName} — ${d.nominatingUnitName} (${nominationStatusLabels[d.status]})`,
			sha256: null,
			source: { kind: 'dossier', nominationId: id, number, outcome }
		});
		d.files.forEach((f, i) =>
			entries.push({
				path: `${folder}/${names[i + 1]}`,
				section: 'Hồ sơ đề cử',
				title: `${f.role === 'photo' ? 'Ảnh' : 'Minh chứng'} của hồ sơ số ${number}: ${f.fileName}`,
				sha256: f.sha256,
				source: {
					kind: 'file',
					nominationId: id,
					fileId: f.id,
					// Images and PDFs are compressed already: stored as they are, deflating gains nothing.
					compressed: f.mimeType.startsWith('image/')
				}
			})
		);
	}

	if (panel)
		entries.push({
			path: '02_Cham_diem/01_Bang_tong_hop_diem.xlsx',
			section: 'Chấm điểm',
			title: 'Bảng tổng hợp điểm: điểm từng tiêu chí của từng giám khảo, tổng, xếp hạng',
			sha256: null,
			source: { kind: 'scoreSheet' }
		});
	entries.push({
		path: '02_Cham_diem/02_Ket_qua.xlsx',
		section: 'Chấm điểm',
		title:
			'Kết quả: hồ sơ được chấp nhận theo thứ tự xếp hạng, với số hồ sơ lưu trữ và khen thưởng',
		sha256: null,
		source: { kind: 'results' }
	});

	decisions.forEach(({ decision, recipients }, j) => {
		const folder = `03_Quyet_dinh/${decisionFolder(j + 1, decisions.length, decision.number, decision.decidedOn)}`;
		const which = `Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)}`;
		entries.push(
			{
				path: `${folder}/01_Quyet_dinh.pdf`,
				section: 'Quyết định khen thưởng',
				title: `${which} của ${decision.issuer}`,
				sha256: null,
				source: { kind: 'decision', decisionId: decision.id }
			},
			{
				path: `${folder}/02_Danh_sach_khen_thuong.xlsx`,
				section: 'Quyết định khen thưởng',
				title: `Danh sách kèm theo ${which}`,
				sha256: null,
				source: { kind: 'decisionList', decisionId: decision.id }
			}
		);
		const standing = recipients.filter((r) => !r.revokedAt);
		const names = uniqueNames(
			standing.map((r, k) => `${numbered(k + 1, standing.length, 2)}_${asciiName(r.name)}.pdf`)
		);
		standing.forEach((r, k) =>
			entries.push({
				path: `${folder}/Giay_chung_nhan/${names[k]}`,
				section: 'Quyết định khen thưởng',
				title: `Giấy chứng nhận ${awardLabel(r.kind, r.customKind)}: ${r.name} (${which})`,
				sha256: null,
				source: { kind: 'certificate', recipientId: r.id }
			})
		);
	});

	const categoryName = new Map(categories.map((c) => [c.id, c]));
	const results: ResultRow[] = jury
		? ranked.map((r) => ({
				number: numberOf.get(r.nominationId) ?? '',
				categoryName: r.categoryName,
				rank: r.rank ?? null,
				name: r.name,
				unitName: r.unitName,
				score: r.score,
				scale: r.scale,
				shortlisted: r.shortlisted,
				awards: (awardsOf.get(r.nominationId) ?? []).join('; ')
			}))
		: sent
				.filter((d) => d.status === 'accepted')
				.map((d) => {
					const category = categoryName.get(d.categoryId);
					return {
						number: numberOf.get(d.id) ?? '',
						categoryName: category
							? `${category.name} (${categoryKindLabels[category.kind]})`
							: d.categoryName,
						rank: null,
						name: d.nomineeName,
						unitName: d.nominatingUnitName,
						score: null,
						scale: null,
						shortlisted: false,
						awards: (awardsOf.get(d.id) ?? []).join('; ')
					};
				});

	return {
		campaign: {
			id: campaign.id,
			title: campaign.title,
			year: campaign.year,
			organizingUnitName: campaign.organizingUnitName
		},
		filename: archiveFileName(campaign.title, campaign.id),
		entries,
		results,
		madeAt: scope.now
	};
}

/**
 * Prepares the archive: the organizers of the campaign's organizing unit only, once the
 * campaign is finished (else a Vietnamese refusal, 409). The audit entry says who took the
 * whole file and what it held.
 */
export const prepareCampaignArchive = defineUseCase({
	name: 'campaign.archive',
	input: campaignArchiveSchema,
	load: (scope, input) => loadCampaign(scope, input.campaignId),
	authorize: (_actor, campaign) => archiveCheck(campaign),
	run: (scope, _input, campaign) => buildPlan(scope, campaign),
	audit: (plan, _input, campaign) => ({
		entityType: 'campaign',
		entityId: campaign.id,
		unitPath: campaign.organizingUnitPath,
		after: {
			archiveEntries: plan.entries.length,
			archiveDossiers: plan.entries.filter((e) => e.source.kind === 'dossier').length,
			archiveAttachments: plan.entries.filter((e) => e.source.kind === 'file').length,
			archiveDecisions: plan.entries.filter((e) => e.source.kind === 'decision').length
		}
	})
});
