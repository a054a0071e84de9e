/**
 * Open data: public results as files, written by the one export writer from the same views the
 * API answers, each with its licence line. JSON carries the same sheet, cell for cell.
 */
import { z } from 'zod';
import { exportFile, table, type Column, type ExportBook } from '../files/export';
import { conflict } from '../errors';
import type { ApiFile } from './respond';
import { honour, poll, type ApiCtx } from './views';

export const LICENCE =
	'Giấy phép: Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0). Được sao chép, phân phối, sử dụng lại, kể cả vì mục đích thương mại, với điều kiện ghi rõ nguồn: “Gương Sáng”.';

export const openDataFormats = ['csv', 'csv-excel', 'xlsx', 'json'] as const;
const formatSchema = z.enum(openDataFormats).catch('csv');

/** Pages of the honour roll read at most for one file: far more than any province's roll. */
const MAX_PAGES = 200;

type HonourRow = Awaited<ReturnType<typeof honour>>['rows'][number];
type PollRow = NonNullable<Awaited<ReturnType<typeof poll>>['results']>['rows'][number];

const honourColumns: Column<HonourRow>[] = [
	{ header: 'Họ và tên / Tên tập thể', kind: 'text', value: (r) => r.name },
	{ header: 'Đơn vị', kind: 'text', value: (r) => r.unitName },
	{ header: 'Hình thức khen thưởng', kind: 'text', value: (r) => r.awardLabel },
	{ header: 'Năm', kind: 'number', grouping: false, value: (r) => r.year },
	{ header: 'Lĩnh vực', kind: 'text', value: (r) => r.field },
	{ header: 'Số quyết định', kind: 'text', value: (r) => r.decision.number },
	{ header: 'Ngày quyết định', kind: 'date', value: (r) => r.decision.decidedOn },
	{ header: 'Cơ quan quyết định', kind: 'text', value: (r) => r.decision.issuer },
	{ header: 'Địa chỉ trang', kind: 'text', value: (r) => r.url }
];

const pollColumns: Column<PollRow>[] = [
	{ header: 'Hạng', kind: 'number', value: (r) => r.rank },
	{ header: 'Phương án', kind: 'text', value: (r) => r.title },
	{ header: 'Số phiếu', kind: 'number', value: (r) => r.votes },
	{ header: 'Tỷ lệ (%)', kind: 'number', decimals: 1, value: (r) => r.percent }
];

/** The whole honour roll under the page's filters (every page of it). */
export async function honourBook(ctx: ApiCtx, query: URLSearchParams): Promise<ExportBook> {
	const rows: HonourRow[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const paged = new URLSearchParams(query);
		paged.set('page', String(page));
		const view = await honour(ctx, paged);
		rows.push(...view.rows);
		if (!view.hasMore) break;
	}
	return {
		filename: 'vinh-danh',
		sheets: [table('Vinh danh', honourColumns, rows, { notes: [LICENCE] })]
	};
}

/** A closed poll's results, when its rule shows them to the public. */
export async function pollBook(ctx: ApiCtx, id: number): Promise<ExportBook> {
	const view = await poll(ctx, id);
	if (view.phase !== 'closed' || !view.results)
		throw conflict(
			'Kết quả chỉ tải được khi cuộc bình chọn đã kết thúc và kết quả được công khai.'
		);
	return {
		filename: `binh-chon-${id}-ket-qua`,
		sheets: [
			table('Kết quả', pollColumns, view.results.rows, {
				title: view.title,
				notes: [`Số phiếu hợp lệ: ${view.results.counted}.`, LICENCE]
			})
		]
	};
}

/** The book as the file asked for by `dinh-dang` (CSV by default; JSON is the same sheet). */
export async function openDataFile(book: ExportBook, query: URLSearchParams): Promise<ApiFile> {
	const format = formatSchema.parse(query.get('dinh-dang') ?? undefined);
	if (format !== 'json') return exportFile(book, format);
	const sheet = book.sheets[0]!;
	const json = {
		title: sheet.title ?? sheet.name,
		licence: LICENCE,
		notes: sheet.notes ?? [],
		columns: sheet.columns.map((c) => ({ header: c.header, kind: c.kind })),
		rows: sheet.rows
	};
	return {
		body: new TextEncoder().encode(JSON.stringify(json)),
		contentType: 'application/json; charset=utf-8',
		filename: `${book.filename}.json`
	};
}
