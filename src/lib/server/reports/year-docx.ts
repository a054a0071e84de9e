// The year-end report as a Word document in the administrative form offices file (issuing
// body's header, "Số …-BC/…", place and date, Times New Roman, numbered sections, tables), for
// the office to write its assessment into; the figures are the report's, nothing recomputed.
import {
	AlignmentType,
	BorderStyle,
	Document,
	Packer,
	Paragraph,
	Table,
	TableBorders,
	TableCell,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType
} from 'docx';
import { formatCell, formatDate, formatNumber } from '$lib/shared/format';
import type { YearReport } from './year';
import { yearTables, type ReportTable } from './year-tables';

const FONT = 'Times New Roman';
const A4 = { width: 11906, height: 16838 };
/** Margins of administrative documents: 2 cm top and bottom, 3 cm left, 1.5 cm right (twips). */
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850 };

const text = (t: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
	new TextRun({ text: t, font: FONT, size: (o.size ?? 13) * 2, bold: o.bold, italics: o.italics });

function para(
	runs: TextRun[] | string,
	o: { center?: boolean; indent?: boolean; after?: number; keepNext?: boolean } = {}
) {
	return new Paragraph({
		children: typeof runs === 'string' ? [text(runs)] : runs,
		alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
		indent: o.indent ? { firstLine: 567 } : undefined,
		spacing: { after: o.after ?? 80, line: 300 },
		keepNext: o.keepNext
	});
}

const heading = (t: string) => para([text(t, { bold: true })], { after: 120, keepNext: true });

/** Youth-union bodies head their documents with the union's name, Party bodies with the Party's. */
export function nationalLine(unitName: string): string {
	return /ban tuyên giáo|tỉnh ủy|tỉnh uỷ|huyện ủy|huyện uỷ|thành ủy|thành uỷ|đảng/iu.test(unitName)
		? 'ĐẢNG CỘNG SẢN VIỆT NAM'
		: 'ĐOÀN TNCS HỒ CHÍ MINH';
}

function headerBlock(r: YearReport) {
	const left = [
		...(r.parentName
			? [para(r.parentName.toLocaleUpperCase('vi'), { center: true, after: 0 })]
			: []),
		para([text(r.unit.name.toLocaleUpperCase('vi'), { bold: true })], { center: true, after: 0 }),
		para('***', { center: true, after: 0 }),
		para(`Số: …-BC/${r.unit.code}`, { center: true, after: 0 })
	];
	const right = [
		para([text(nationalLine(r.unit.name), { bold: true })], { center: true, after: 240 }),
		para([text(r.signOff.placeAndDate, { italics: true })], { center: true, after: 0 })
	];
	const cell = (children: Paragraph[], width: number) =>
		new TableCell({ children, width: { size: width, type: WidthType.PERCENTAGE } });
	return new Table({
		rows: [new TableRow({ children: [cell(left, 45), cell(right, 55)] })],
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: TableBorders.NONE
	});
}

const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID = {
	top: line,
	bottom: line,
	left: line,
	right: line,
	insideHorizontal: line,
	insideVertical: line
};

/** A table of the report, header row bold, numbers right-aligned. */
function gridTable(t: ReportTable) {
	const cell = (value: string, o: { bold?: boolean; number?: boolean }) =>
		new TableCell({
			verticalAlign: VerticalAlign.CENTER,
			children: [
				new Paragraph({
					children: [text(value, { bold: o.bold, size: 12 })],
					alignment: o.number
						? AlignmentType.RIGHT
						: o.bold
							? AlignmentType.CENTER
							: AlignmentType.LEFT
				})
			]
		});
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: GRID,
		rows: [
			new TableRow({
				tableHeader: true,
				children: t.columns.map((c) => cell(c.header, { bold: true }))
			}),
			...t.rows.map(
				(row) =>
					new TableRow({
						children: row.map((v, i) =>
							cell(formatCell(t.columns[i]!.kind, v), { number: typeof v === 'number' })
						)
					})
			)
		]
	});
}

function tableBlock(t: ReportTable) {
	return [
		para([text(t.caption, { italics: true, size: 12 })], { keepNext: true, after: 60 }),
		t.rows.length ? gridTable(t) : para([text('(Không có số liệu.)', { italics: true })]),
		para('', { after: 120 })
	];
}

function body(r: YearReport) {
	const t = yearTables(r);
	const d = r.dossiers;
	const accepted = d.byStatus.find((s) => s.status === 'accepted')?.n ?? 0;
	const a = r.awards;
	const c = a.certificates;
	return [
		heading('I. CÔNG TÁC PHÁT HIỆN, BỒI DƯỠNG VÀ TUYÊN DƯƠNG ĐIỂN HÌNH'),
		para(
			`${capital(r.period.label)}, ${r.unit.name} tổ chức và tham gia ${formatNumber(r.campaigns.length)} đợt tôn vinh; các đơn vị trực thuộc gửi ${formatNumber(d.total)} hồ sơ đề cử, ${formatNumber(accepted)} hồ sơ được thẩm định đạt.`,
			{ indent: true }
		),
		...tableBlock(t.campaigns),
		...tableBlock(t.byLevel),
		...tableBlock(t.byCategory),
		para(
			`Có ${formatNumber(a.honoured.total)} lượt cá nhân, tập thể được khen thưởng, tuyên dương (${formatNumber(a.honoured.individual)} cá nhân, ${formatNumber(a.honoured.collective)} tập thể).`,
			{ indent: true }
		),
		...tableBlock(t.awards),
		heading('II. CÁC CUỘC THI TRỰC TUYẾN'),
		para(
			`Tổ chức và tham gia ${formatNumber(r.contests.length)} cuộc thi trực tuyến.${r.contests.map((x) => ` ${x.title}: ${x.share}.`).join('')}`,
			{ indent: true }
		),
		...tableBlock(t.contests),
		...t.contestRankings.flatMap(tableBlock),
		heading('III. HỘI THI RUNG CHUÔNG VÀNG'),
		para(
			`Tổ chức ${formatNumber(r.games.length)} chương trình với ${formatNumber(r.games.reduce((n, g) => n + g.players, 0))} lượt người chơi.`,
			{ indent: true }
		),
		...tableBlock(t.games),
		heading('IV. BÌNH CHỌN TRỰC TUYẾN'),
		para(
			`Tổ chức ${formatNumber(r.polls.length)} cuộc bình chọn với ${formatNumber(r.polls.reduce((n, p) => n + p.ballots, 0))} phiếu hợp lệ.`,
			{ indent: true }
		),
		...tableBlock(t.polls),
		heading('V. GIẤY CHỨNG NHẬN'),
		para(
			`Cấp ${formatNumber(c.issued)} giấy chứng nhận (${formatNumber(c.revoked)} đã thu hồi); giấy chứng nhận được tra cứu xác minh ${formatNumber(c.checks)} lượt (${formatNumber(c.checkedCertificates)} giấy).`,
			{ indent: true }
		),
		heading('VI. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG'),
		...['1. Ưu điểm', '2. Hạn chế, nguyên nhân', '3. Phương hướng, nhiệm vụ thời gian tới'].flatMap(
			(h) => [
				para([text(h, { bold: true })], { keepNext: true }),
				para([text('(Đơn vị bổ sung.)', { italics: true })], { indent: true })
			]
		),
		para(
			[
				text('Số liệu chi tiết tại Phụ lục (tệp Excel kèm theo). Số liệu trích xuất ngày ', {
					italics: true
				}),
				text(`${formatDate(r.generatedOn)}.`, { italics: true })
			],
			{ indent: true, after: 240 }
		)
	];
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function signature(r: YearReport) {
	const left = [
		para([text('Nơi nhận:', { bold: true, italics: true, size: 12 })], { after: 0 }),
		para([text(`- ${r.parentName ? r.parentName : 'Cấp trên'} (để báo cáo);`, { size: 11 })], {
			after: 0
		}),
		para([text('- Lưu VP.', { size: 11 })], { after: 0 })
	];
	const right = [
		para([text(r.signOff.authorityLine, { bold: true })], { center: true, after: 1200 }),
		para([text('(Ký tên, đóng dấu)', { italics: true })], { center: true })
	];
	const cell = (children: Paragraph[]) =>
		new TableCell({ children, width: { size: 50, type: WidthType.PERCENTAGE } });
	return new Table({
		rows: [new TableRow({ children: [cell(left), cell(right)] })],
		width: { size: 100, type: WidthType.PERCENTAGE },
		borders: TableBorders.NONE
	});
}

/** The report as .docx bytes. */
export async function yearReportDocx(r: YearReport): Promise<Uint8Array> {
	const doc = new Document({
		creator: 'Gương Sáng',
		title: `Báo cáo ${r.period.label} — ${r.unit.name}`,
		styles: { default: { document: { run: { font: FONT, size: 26 } } } },
		sections: [
			{
				properties: { page: { size: A4, margin: MARGIN } },
				children: [
					headerBlock(r),
					para('', { after: 240 }),
					para([text('BÁO CÁO', { bold: true, size: 15 })], { center: true, after: 0 }),
					para(
						[
							text(
								`Kết quả công tác phát hiện, tuyên dương điển hình và tổ chức các cuộc thi ${r.period.label}`,
								{ bold: true, size: 14 }
							)
						],
						{ center: true, after: 0 }
					),
					para('-----', { center: true, after: 240 }),
					...body(r),
					signature(r)
				]
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
