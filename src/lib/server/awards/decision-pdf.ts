/**
 * An award decision as the document an office files (quyết định khen thưởng): the issuing body
 * and the national heading, its number, place and date, the articles, the signature block, and
 * the list of recipients attached to it. Revoked awards stay on the list, marked.
 */
import { awardLabel, formatCertificateCode, recipientTypeLabels } from '$lib/shared/awards';
import { formatDate } from '$lib/shared/format';
import { requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import { newPdf, PdfFlow } from '../files/pdf';
import { authorizeRead } from '../usecase';
import { settingsChain } from './printing';
import { findDecisionOr404, managedDecision } from './recipients';
import * as repo from './repo';
import { placeAndDate, resolvePrintSettings } from './rules';

/** The decision's document (A4 portrait PDF), for the organizers of its issuing unit. */
export async function decisionPdf(ctx: Ctx, decisionId: number) {
	requireActor(ctx);
	const decision = await findDecisionOr404(ctx.db, decisionId);
	authorizeRead(ctx, () => managedDecision(decision));
	const [recipients, chain] = await Promise.all([
		repo.listRecipients(ctx.db, decisionId),
		settingsChain(ctx.db, decision.unitPath)
	]);
	const signOff = resolvePrintSettings(chain);
	const { pdf, fonts } = await newPdf(`Quyết định số ${decision.number}`, 'serif');
	const flow = new PdfFlow(pdf, fonts);

	flow.text(decision.issuer.toLocaleUpperCase('vi'), {
		font: fonts.bold,
		size: 11,
		align: 'centre'
	});
	flow.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: fonts.bold, size: 11, align: 'centre' });
	flow.text('Độc lập - Tự do - Hạnh phúc', { font: fonts.bold, size: 11, align: 'centre' });
	flow.gap(6);
	flow.text(`Số: ${decision.number}`, { align: 'centre' });
	flow.text(placeAndDate(signOff.placeName, decision.decidedOn), {
		font: fonts.italic,
		align: 'centre'
	});
	flow.gap(12);
	flow.text('QUYẾT ĐỊNH', { font: fonts.bold, size: 16, align: 'centre' });
	flow.text('Về việc khen thưởng', { font: fonts.bold, size: 12, align: 'centre' });
	flow.gap(10);

	const standing = recipients.filter((r) => !r.revokedAt);
	const kinds = [...new Set(recipients.map((r) => awardLabel(r.kind, r.customKind)))].join(', ');
	flow.text(
		`Điều 1. Tặng ${kinds} cho ${recipients.length} cá nhân, tập thể có tên trong danh sách kèm theo` +
			(decision.citation ? `: ${decision.citation}` : '.')
	);
	if (decision.field) flow.text(`Lĩnh vực: ${decision.field}.`);
	flow.text('Điều 2. Quyết định có hiệu lực kể từ ngày ký.');
	flow.gap(14);
	if (signOff.authorityLine)
		flow.text(signOff.authorityLine.toLocaleUpperCase('vi'), { font: fonts.bold, indent: 260 });
	flow.text((decision.signerTitle || 'Người ký').toLocaleUpperCase('vi'), {
		font: fonts.bold,
		indent: 260
	});
	flow.gap(40);
	flow.text(decision.signer, { font: fonts.bold, indent: 260 });
	flow.gap(18);

	flow.text('DANH SÁCH KÈM THEO', { font: fonts.bold, size: 12, align: 'centre' });
	flow.text(`Quyết định số ${decision.number} ngày ${formatDate(decision.decidedOn)}`, {
		font: fonts.italic,
		align: 'centre'
	});
	flow.gap(6);
	flow.table(
		[
			{ header: 'STT', share: 0.06 },
			{ header: 'Họ và tên / Tên tập thể', share: 0.3 },
			{ header: 'Đơn vị', share: 0.27 },
			{ header: 'Hình thức', share: 0.15 },
			{ header: 'Mã xác minh', share: 0.22 }
		],
		recipients.map((r, i) => [
			String(i + 1),
			`${r.name} (${recipientTypeLabels[r.type]})`,
			[r.position, r.unitName].filter(Boolean).join(', '),
			awardLabel(r.kind, r.customKind) +
				(r.revokedAt ? ` — đã thu hồi: ${r.revokedReason ?? ''}` : ''),
			formatCertificateCode(r.certificateCode)
		])
	);
	flow.text(`Tổng cộng: ${recipients.length} (còn hiệu lực: ${standing.length}).`, {
		font: fonts.italic
	});
	return { bytes: await pdf.save(), filename: `quyet-dinh-${decision.id}.pdf` };
}

/**
 * The decisions drawn from a campaign, each with its recipients, for the campaign's archive.
 * Not a use case: the archive authorised the campaign; each decision is checked again here.
 */
export async function campaignDecisions(ctx: Ctx, campaignId: number) {
	requireActor(ctx);
	const decisions = await repo.listCampaignDecisions(ctx.db, campaignId);
	return Promise.all(
		decisions.map(async (decision) => {
			authorizeRead(ctx, () => managedDecision(decision));
			return { decision, recipients: await repo.listRecipients(ctx.db, decision.id) };
		})
	);
}
