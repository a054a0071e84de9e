/**
 * A dossier as a PDF to file (hồ sơ đề cử): every field the dossier page shows, the unit, the
 * category, the screening result with its reason, the files it holds and its dated history. Not
 * a use case: callers authorise first (the campaign archive asks the policy once for all).
 */
import {
	categoryKindLabels,
	dossierEventLabels,
	nominationStatusLabels,
	nomineeFacts
} from '$lib/shared/campaigns';
import { formatDate, formatDateTime, formatFileSize } from '$lib/shared/format';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { newPdf, PdfFlow } from '../files/pdf';
import { loadCampaign } from './access';
import * as repo from './repo';

export interface DossierPdfOptions {
	/** The dossier's number in the file it goes into ("001"). */
	number: string;
	/** Lines the caller knows and the dossier does not: the judged rank, the award. */
	outcome?: readonly (readonly [string, string])[];
}

export async function dossierPdf(db: Db, id: number, options: DossierPdfOptions) {
	const dossier = await repo.findDossier(db, id);
	if (!dossier) throw notFound('Không tìm thấy hồ sơ.');
	const [events, files, { campaign }] = await Promise.all([
		repo.listEvents(db, id),
		repo.listFiles(db, id),
		loadCampaign(db, dossier.campaignId)
	]);
	const screening = [...events].reverse().find((e) => e.reason);
	const { pdf, fonts } = await newPdf(`Hồ sơ đề cử — ${dossier.nomineeName}`, 'sans');
	const flow = new PdfFlow(pdf, fonts);

	flow.text(campaign.organizingUnitName.toLocaleUpperCase('vi'), {
		font: fonts.bold,
		size: 11,
		align: 'centre'
	});
	flow.gap(10);
	flow.text('HỒ SƠ ĐỀ CỬ', { font: fonts.bold, size: 18, align: 'centre' });
	flow.text(campaign.title, { font: fonts.italic, size: 12, align: 'centre' });
	flow.gap(8);

	flow.heading('Thông tin hồ sơ');
	flow.fields([
		['Số hồ sơ lưu trữ', options.number],
		['Mã hồ sơ trên hệ thống', String(dossier.id)],
		['Hạng mục', `${dossier.categoryName} (${categoryKindLabels[dossier.categoryKind]})`],
		['Đơn vị đề cử', dossier.nominatingUnitName],
		['Ngày gửi', dossier.submittedAt ? formatDateTime(dossier.submittedAt) : 'Chưa gửi']
	]);

	flow.heading('Kết quả thẩm định');
	flow.fields([
		['Trạng thái', nominationStatusLabels[dossier.status]],
		...(dossier.levelUnitName ? [['Cấp đang giữ hồ sơ', dossier.levelUnitName] as const] : []),
		...(screening?.reason ? [['Lý do', screening.reason] as const] : []),
		...(options.outcome ?? [])
	]);

	flow.heading(
		dossier.nominee.kind === 'collective' ? 'Tập thể được đề cử' : 'Người, tác phẩm được đề cử'
	);
	flow.fields([
		...nomineeFacts(dossier.nominee),
		...(dossier.nominee.kind === 'work' && dossier.nominee.link
			? [['Đường dẫn', dossier.nominee.link] as [string, string]]
			: [])
	]);

	if (dossier.summary) {
		flow.heading('Tóm tắt');
		flow.text(dossier.summary);
	}
	if (dossier.achievements.length) {
		flow.heading('Thành tích');
		flow.table(
			[
				{ header: 'Ngày', share: 0.18 },
				{ header: 'Thành tích', share: 0.82 }
			],
			dossier.achievements.map((a) => [formatDate(a.date), a.text])
		);
	}
	if (dossier.narrative) {
		flow.heading('Bài viết giới thiệu');
		flow.text(dossier.narrative);
	}
	flow.heading('Tệp kèm theo');
	if (files.length === 0) flow.text('Hồ sơ không có tệp kèm theo.', { font: fonts.italic });
	else
		flow.table(
			[
				{ header: 'Loại', share: 0.18 },
				{ header: 'Tên tệp', share: 0.64 },
				{ header: 'Dung lượng', share: 0.18 }
			],
			files.map((f) => [
				f.role === 'photo' ? 'Ảnh' : 'Minh chứng',
				f.fileName,
				formatFileSize(f.size)
			])
		);
	if (events.length) {
		flow.heading('Lịch sử hồ sơ');
		flow.table(
			[
				{ header: 'Thời điểm', share: 0.22 },
				{ header: 'Việc', share: 0.26 },
				{ header: 'Người thực hiện, cấp', share: 0.28 },
				{ header: 'Lý do', share: 0.24 }
			],
			events.map((e) => [
				formatDateTime(e.at),
				dossierEventLabels[e.action] ?? e.action,
				[e.actorName, e.levelUnitName].filter(Boolean).join(', '),
				e.reason ?? ''
			])
		);
	}
	return pdf.save();
}
