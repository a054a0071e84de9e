/** Units from an office's spreadsheet: the columns it may have, checked rows, one transaction. */
import { z } from 'zod';
import { importModeSchema, unitFields } from '$lib/schemas/units';
import { unitKindLabels, unitKinds } from '$lib/shared/labels';
import { foldVietnamese } from '$lib/shared/text';
import { can } from '../auth/policy';
import type { Unit } from '../db/schema';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	type ImportSpec,
	uploadedFile
} from '../files/import-reader';
import { defineUseCase } from '../usecase';
import * as repo from './repo';
import {
	planUnitImport,
	unitCreateCheck as createCheck,
	unitSnapshot as snapshot,
	type RowError,
	type UnitImportRow
} from './rules';

export const unitImportSpec: ImportSpec<'name' | 'code' | 'kind' | 'memberCount' | 'parentCode'> = {
	columns: {
		name: { name: 'Tên đơn vị', aliases: ['ten don vi', 'ten', 'name'], required: true },
		code: { name: 'Mã đơn vị', aliases: ['ma don vi', 'ma', 'code'], required: true },
		kind: {
			name: 'Loại đơn vị',
			aliases: ['loai don vi', 'loai', 'loai hinh', 'kind'],
			required: true
		},
		memberCount: {
			name: 'Số đoàn viên',
			aliases: [
				'so doan vien',
				'tong so doan vien',
				'so luong doan vien',
				'so thanh vien',
				'so nguoi',
				'member count'
			]
		},
		parentCode: {
			name: 'Mã đơn vị cấp trên',
			aliases: ['ma don vi cap tren', 'ma cap tren', 'cap tren', 'parent code']
		}
	},
	maxRows: 5000,
	tooMany: 'Mỗi lần nhập tối đa 5.000 dòng.'
};
export const unitImportHeaders = Object.values(unitImportSpec.columns).map((c) => c.name);
const columnNames = columnNamesOf(unitImportSpec.columns);

// A kind may be written as its key ("district") or its Vietnamese label, with or without marks.
const kindByName = new Map<string, string>(
	unitKinds.flatMap((k) => [
		[k, k],
		[foldVietnamese(unitKindLabels[k]), k],
		...unitKindLabels[k].split('/').map((part) => [foldVietnamese(part), k] as [string, string])
	])
);

const importFields = {
	...unitFields,
	kind: z.preprocess((v) => kindByName.get(foldVietnamese(String(v ?? ''))) ?? v, unitFields.kind),
	memberCount: z.preprocess(
		(v) => (v === '' ? 0 : String(v).replace(/[.\s]/g, '')),
		unitFields.memberCount
	),
	parentCode: z.preprocess(
		(v) => (v === '' ? null : String(v).normalize('NFC').trim().toUpperCase()),
		z.string().nullable()
	)
};

export interface ImportReport {
	imported: number;
	errors: RowError[];
	total: number;
}

const importInput = importModeSchema.extend({
	file: uploadedFile
});

/**
 * Imports units from a spreadsheet. With mode "all-or-nothing" any bad row stops the import and
 * nothing is written; with "good-rows" the good rows go in and the report lists the rest. Every
 * problem of a row is reported, not only the first.
 */
export const importUnits = defineUseCase({
	name: 'unit.import',
	input: importInput,
	authorize: () => ({ action: 'admin.enter', resource: { kind: 'area' } }),
	run: async ({ db, actor }, { file, mode }) => {
		const { rows: sheet } = await readImportRows(file, unitImportSpec);
		const errors = new RowErrors();
		// Rows with a bad cell still take part in the code checks, so those are reported too.
		const planned: UnitImportRow[] = [];
		for (const row of sheet) {
			const { values, messages } = parseRowFields(importFields, row.cells, columnNames);
			errors.add(row.rowNumber, ...messages);
			if (values.code === undefined || values.parentCode === undefined) continue;
			planned.push({
				rowNumber: row.rowNumber,
				name: values.name ?? '',
				code: values.code,
				kind: values.kind ?? '',
				memberCount: values.memberCount ?? 0,
				parentCode: values.parentCode
			});
		}
		const referenced = [
			...new Set(planned.flatMap((r) => [r.code, ...(r.parentCode ? [r.parentCode] : [])]))
		];
		const known = new Map((await repo.findUnitsByCodes(db, referenced)).map((u) => [u.code, u]));
		const bad = new Set(sheet.filter((r) => errors.has(r.rowNumber)).map((r) => r.rowNumber));
		const plan = planUnitImport(planned, new Set(known.keys()), bad);
		for (const e of plan.errors) errors.add(e.rowNumber, ...e.messages);

		// Permission per row: the parent (from the database) must be inside the actor's subtree.
		const allowed: UnitImportRow[] = [];
		for (const row of plan.ordered) {
			const dbParent = row.parentCode ? known.get(row.parentCode) : null;
			if (row.parentCode && dbParent?.archivedAt) {
				errors.add(row.rowNumber, `Đơn vị cấp trên "${row.parentCode}" đã bị lưu trữ.`);
				continue;
			}
			const fileParentAllowed =
				row.parentCode && !dbParent && allowed.some((r) => r.code === row.parentCode);
			if (
				!fileParentAllowed &&
				!can(actor, 'unit.create', createCheck(dbParent ?? null).resource)
			) {
				const where = row.parentCode ? `"${row.parentCode}"` : 'cấp cao nhất';
				errors.add(row.rowNumber, `Bạn không có quyền thêm đơn vị vào ${where}.`);
				continue;
			}
			allowed.push(row);
		}
		const report = (created: ImportedUnit[]): ImportReport & { created: ImportedUnit[] } => ({
			imported: created.length,
			errors: errors.list(),
			total: sheet.length,
			created
		});
		if (errors.size > 0 && mode === 'all-or-nothing') return report([]);
		const created = new Map<string, ImportedUnit>();
		for (const row of allowed) {
			const parent = row.parentCode
				? (known.get(row.parentCode) ?? created.get(row.parentCode)?.unit ?? null)
				: null;
			const unit = await repo.insertUnit(
				db,
				{ name: row.name, code: row.code, kind: row.kind, memberCount: row.memberCount },
				parent
			);
			created.set(unit.code, { unit, row: row.rowNumber });
		}
		return report([...created.values()]);
	},
	audit: ({ created }, { file }) =>
		created.map(({ unit, row }) => ({
			entityType: 'unit',
			entityId: unit.id,
			unitPath: unit.path,
			after: { ...snapshot(unit), file: file.name, row }
		})),
	present: ({ created, ...report }): ImportReport => ({ ...report, imported: created.length })
});

interface ImportedUnit {
	unit: Unit;
	row: number;
}
