// The year-end report's tables, described once: the Word document prints them and the Excel
// appendix holds them (with the lists the document leaves to the appendix).
import { recipientTypeLabels } from '$lib/shared/awards';
import { nominationStatusLabels } from '$lib/shared/campaigns';
import { table, type Column, type ExportBook, type ExportSheet } from '../files/export';
import { reportedStatuses, type Tally } from './rules';
import type { YearReport } from './year';

/** A table with its caption ("Bảng 2. …"), which is also the appendix sheet's title line. */
export type ReportTable = ExportSheet & { caption: string };

const captioned = (sheet: ExportSheet, caption: string): ReportTable => ({
	...sheet,
	title: caption,
	caption
});

const statusColumns = <
	R extends { byStatus: Record<(typeof reportedStatuses)[number], number> }
>() =>
	reportedStatuses.map((status): Column<R> => ({
		header: nominationStatusLabels[status],
		kind: 'number',
		value: (r) => r.byStatus[status]
	}));

const tallyTable = (name: string, caption: string, first: string, rows: Tally[]) =>
	captioned(
		table(
			name,
			[
				{ header: first, kind: 'text', value: (r) => r.label },
				{ header: 'Tổng số', kind: 'number', value: (r) => r.total },
				...statusColumns<Tally>()
			],
			rows
		),
		caption
	);

const numbered = <T>(rows: readonly T[]) => rows.map((row, i) => ({ ...row, no: i + 1 }));

export function yearTables(r: YearReport) {
	const campaigns = captioned(
		table(
			'Đợt tôn vinh',
			[
				{ header: 'STT', kind: 'number', value: (c) => c.no },
				{ header: 'Đợt tôn vinh', kind: 'text', value: (c) => c.title },
				{ header: 'Đơn vị tổ chức', kind: 'text', value: (c) => c.organizer },
				{ header: 'Hồ sơ', kind: 'number', value: (c) => c.total },
				...statusColumns<(typeof r.campaigns)[number] & { no: number }>()
			],
			numbered(r.campaigns)
		),
		'Bảng 1. Các đợt tôn vinh và hồ sơ đề cử'
	);
	const byLevel = tallyTable(
		'Hồ sơ theo cấp',
		'Bảng 2. Hồ sơ theo cấp đơn vị gửi',
		'Cấp',
		r.dossiers.byLevel
	);
	const byCategory = tallyTable(
		'Hồ sơ theo hạng mục',
		'Bảng 3. Hồ sơ theo hạng mục',
		'Hạng mục',
		r.dossiers.byCategory
	);
	const awards = captioned(
		table(
			'Khen thưởng',
			[
				{ header: 'Hình thức', kind: 'text', value: (k) => k.label },
				{ header: recipientTypeLabels.individual, kind: 'number', value: (k) => k.individual },
				{ header: recipientTypeLabels.collective, kind: 'number', value: (k) => k.collective },
				{ header: 'Tổng số', kind: 'number', value: (k) => k.total }
			],
			r.awards.byKind
		),
		'Bảng 4. Khen thưởng, tuyên dương theo hình thức'
	);
	const contests = captioned(
		table(
			'Cuộc thi',
			[
				{ header: 'STT', kind: 'number', value: (c) => c.no },
				{ header: 'Cuộc thi', kind: 'text', value: (c) => c.title },
				{ header: 'Đơn vị tổ chức', kind: 'text', value: (c) => c.organizer },
				{ header: 'Số tuần thi', kind: 'number', value: (c) => c.rounds },
				{ header: 'Số người tham gia', kind: 'number', value: (c) => c.participants },
				{ header: 'Số đoàn viên', kind: 'number', value: (c) => c.members },
				{ header: 'Tỷ lệ', kind: 'percent', value: (c) => c.rate }
			],
			numbered(r.contests)
		),
		'Bảng 5. Các cuộc thi trực tuyến: tham gia so với số đoàn viên'
	);
	const contestRankings = r.contests.map((c, i) => {
		const byId = new Map(c.units.map((u) => [u.id, u]));
		const ranked = c.byRate.map((x, k) => ({ ...byId.get(x.id)!, rank: k + 1 }));
		return captioned(
			table(
				`Xếp hạng ${i + 1}`,
				[
					{ header: 'Hạng', kind: 'number', value: (u) => u.rank },
					{ header: 'Đơn vị', kind: 'text', value: (u) => u.name },
					{ header: 'Tham gia', kind: 'number', value: (u) => u.participants },
					{ header: 'Đoàn viên', kind: 'number', value: (u) => u.memberCount },
					{ header: 'Tỷ lệ', kind: 'percent', value: (u) => u.rate }
				],
				ranked
			),
			`Bảng 5.${i + 1}. Xếp hạng đơn vị theo tỷ lệ tham gia — ${c.title}`
		);
	});
	const games = captioned(
		table(
			'Rung chuông vàng',
			[
				{ header: 'STT', kind: 'number', value: (g) => g.no },
				{ header: 'Chương trình', kind: 'text', value: (g) => g.title },
				{ header: 'Đơn vị tổ chức', kind: 'text', value: (g) => g.unitName },
				{ header: 'Ngày', kind: 'date', value: (g) => g.startedAt },
				{ header: 'Người chơi', kind: 'number', value: (g) => g.players },
				{ header: 'Người chiến thắng', kind: 'text', value: (g) => g.winners.join(', ') }
			],
			numbered(r.games)
		),
		'Bảng 6. Hội thi Rung chuông vàng'
	);
	const polls = captioned(
		table(
			'Bình chọn',
			[
				{ header: 'STT', kind: 'number', value: (p) => p.no },
				{ header: 'Cuộc bình chọn', kind: 'text', value: (p) => p.title },
				{ header: 'Đơn vị tổ chức', kind: 'text', value: (p) => p.unitName },
				{ header: 'Mở', kind: 'date', value: (p) => p.opensAt },
				{ header: 'Đóng', kind: 'date', value: (p) => p.closesAt },
				{ header: 'Phiếu hợp lệ', kind: 'number', value: (p) => p.ballots },
				{ header: 'Lượt chọn', kind: 'number', value: (p) => p.votes }
			],
			numbered(r.polls)
		),
		'Bảng 7. Bình chọn trực tuyến'
	);
	return { campaigns, byLevel, byCategory, awards, contests, contestRankings, games, polls };
}

/** The Excel appendix: every table of the document, then the lists it leaves to the appendix. */
export function yearAppendix(r: YearReport, filename: string): ExportBook {
	const t = yearTables(r);
	const c = r.awards.certificates;
	return {
		filename,
		sheets: [
			t.campaigns,
			t.byLevel,
			t.byCategory,
			t.awards,
			t.contests,
			...t.contestRankings,
			t.games,
			t.polls,
			table(
				'Giấy chứng nhận',
				[
					{ header: 'Nội dung', kind: 'text', value: (x) => x[0] },
					{ header: 'Số lượng', kind: 'number', value: (x) => x[1] }
				],
				[
					['Giấy chứng nhận đã cấp', c.issued],
					['Trong đó đã thu hồi', c.revoked],
					['Lượt tra cứu xác minh', c.checks],
					['Số giấy được tra cứu', c.checkedCertificates]
				] as [string, number][],
				{ title: 'Bảng 8. Giấy chứng nhận' }
			),
			table(
				'Danh sách khen thưởng',
				[
					{ header: 'Họ tên / Tập thể', kind: 'text', value: (x) => x.name },
					{ header: 'Loại', kind: 'text', value: (x) => recipientTypeLabels[x.type] },
					{ header: 'Đơn vị', kind: 'text', value: (x) => x.unitName },
					{ header: 'Hình thức', kind: 'text', value: (x) => x.awardLabel },
					{ header: 'Số quyết định', kind: 'text', value: (x) => x.number },
					{ header: 'Ngày quyết định', kind: 'date', value: (x) => x.decidedOn },
					{ header: 'Cơ quan quyết định', kind: 'text', value: (x) => x.issuer }
				],
				r.awards.list,
				{
					title: r.awards.listCapped
						? `Phụ lục: danh sách khen thưởng (${r.awards.list.length} trường hợp đầu)`
						: 'Phụ lục: danh sách khen thưởng, tuyên dương'
				}
			),
			...r.contests.map((x) =>
				table(
					`Tham gia ${x.id}`,
					[
						{ header: 'Đơn vị', kind: 'text', value: (u) => u.name },
						{ header: 'Mã', kind: 'text', value: (u) => u.code },
						{ header: 'Số người tham gia', kind: 'number', value: (u) => u.participants },
						{ header: 'Số đoàn viên', kind: 'number', value: (u) => u.memberCount },
						{ header: 'Tỷ lệ', kind: 'percent', value: (u) => u.rate },
						{ header: 'Báo cáo', kind: 'text', value: (u) => u.share }
					],
					x.units,
					{ title: `Phụ lục: tham gia theo đơn vị — ${x.title}` }
				)
			)
		]
	};
}
