// Quotas from a spreadsheet (unit code, category, places), as offices keep their "phân bổ chỉ
// tiêu" tables; the template is the campaign's own table, so it can be filled and sent back.
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { importModeSchema } from '$lib/schemas/questions';
import { unitPlaces } from '$lib/schemas/campaigns';
import { foldVietnamese } from '$lib/shared/text';
import type { Ctx } from '../context';
import {
	columnNamesOf,
	parseRowFields,
	readImportRows,
	RowErrors,
	uploadedFile,
	type ImportSpec
} from '../files/import-reader';
import { findUnitsByCodes } from '../units';
import { defineUseCase } from '../usecase';
import { onCampaign } from './access';
import { getUnitQuotas, planQuotas, quotaAudit, saveQuotas, type QuotaCell } from './quotas';
import { listCategories } from './repo';

export const quotaImportSpec: ImportSpec<'unitCode' | 'category' | 'places'> = {
	columns: {
		unitCode: { name: 'Mã đơn vị', aliases: ['ma don vi', 'ma', 'code'], required: true },
		category: {
			name: 'Hạng mục',
			aliases: ['hang muc', 'ten hang muc', 'doi tuong', 'category'],
			required: true
		},
		places: {
			name: 'Số suất',
			aliases: ['so suat', 'chi tieu', 'so chi tieu', 'so luong', 'so ho so', 'places'],
			required: true
		}
	},
	maxRows: 20_000,
	tooMany: 'Mỗi lần nhập tối đa 20.000 dòng.'
};
const columnNames = columnNamesOf(quotaImportSpec.columns);
const rowFields = {
	unitCode: z.string().min(1, 'Vui lòng nhập mã đơn vị.'),
	category: z.string().min(1, 'Vui lòng nhập tên hạng mục.'),
	places: unitPlaces
};

/** The campaign's quota table as rows of the import's columns, with the unit's name beside. */
export async function quotaTemplateRows(ctx: Ctx, campaignId: number) {
	const { campaign, units } = await getUnitQuotas(ctx, campaignId);
	const names = new Map(campaign.categories.map((c) => [c.id, c.name]));
	return units.flatMap((u) =>
		u.cells.map((cell) => [u.code, u.name, names.get(cell.categoryId)!, cell.own ?? ''])
	);
}
export const quotaTemplateHeaders = ['Mã đơn vị', 'Tên đơn vị', 'Hạng mục', 'Số suất'];

/**
 * Imports quotas: a category is named as on the campaign (case and marks aside), a blank
 * "Số suất" gives the unit the category's quota again. All or nothing, or the good rows only.
 */
export const importUnitQuotas = defineUseCase({
	name: 'campaign.unit_quotas_import',
	input: importModeSchema.extend({ campaignId: id('đợt'), file: uploadedFile }),
	...onCampaign,
	run: async ({ db }, { file, mode }, campaign) => {
		const { rows } = await readImportRows(file, quotaImportSpec);
		const errors = new RowErrors();
		const categories = new Map(
			(await listCategories(db, [campaign.id])).map((c) => [foldVietnamese(c.name), c.id])
		);
		const parsed = rows.map((row) => ({
			row,
			...parseRowFields(rowFields, row.cells, columnNames)
		}));
		const codes = [...new Set(parsed.map((p) => p.values.unitCode?.toUpperCase() ?? ''))];
		const units = new Map((await findUnitsByCodes(db, codes)).map((u) => [u.code, u.id]));
		const cells: QuotaCell[] = [];
		const seen = new Map<string, number>();
		for (const { row, values, messages } of parsed) {
			errors.add(row.rowNumber, ...messages);
			const code = values.unitCode?.toUpperCase();
			const unitId = code ? units.get(code) : undefined;
			const categoryId = values.category
				? categories.get(foldVietnamese(values.category))
				: undefined;
			if (code && unitId === undefined) errors.add(row.rowNumber, `Không có đơn vị mã "${code}".`);
			if (values.category && categoryId === undefined)
				errors.add(row.rowNumber, `Đợt này không có hạng mục "${values.category}".`);
			if (unitId === undefined || categoryId === undefined || values.places === undefined) continue;
			const key = `${categoryId}:${unitId}`;
			if (seen.has(key)) {
				errors.add(row.rowNumber, `Trùng với dòng ${seen.get(key)}.`);
				continue;
			}
			seen.set(key, row.rowNumber);
			cells.push({ field: String(row.rowNumber), categoryId, unitId, places: values.places });
		}
		const plan = await planQuotas(db, campaign, cells);
		for (const [rowNumber, messages] of Object.entries(plan.errors))
			errors.add(Number(rowNumber), ...messages);
		const changes = errors.size > 0 && mode === 'all-or-nothing' ? [] : plan.changes;
		await saveQuotas(db, changes);
		const refused = errors.size > 0 && mode === 'all-or-nothing';
		return {
			changes,
			errors: errors.list(),
			total: rows.length,
			imported: refused ? 0 : rows.length - errors.size
		};
	},
	audit: ({ changes }, { file }, campaign) => quotaAudit(changes, campaign, file.name),
	present: ({ changes, errors, total, imported }) => ({
		imported,
		errors,
		total,
		notices: [`${changes.length} ô chỉ tiêu thay đổi; các ô còn lại giữ nguyên.`]
	})
});
