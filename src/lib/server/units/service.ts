import { z } from 'zod';
import type { CreateUnitInput, MoveUnitInput, UpdateUnitInput } from '$lib/schemas/units';
import { unitFields } from '$lib/schemas/units';
import { unitKindLabels, unitKinds } from '$lib/shared/labels';
import { foldVietnamese } from '$lib/shared/text';
import { writeAudit } from '../audit/repo';
import { administeredPaths, authorize, can, requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { Unit } from '../db/schema';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import {
	RowErrors,
	columnNamesOf,
	parseRowFields,
	readImportRows,
	type ImportSpec
} from '../files/import-reader';
import * as repo from './repo';
import { isValidNewParent, planUnitImport, type RowError, type UnitImportRow } from './rules';

function snapshot(unit: Unit) {
	return {
		name: unit.name,
		code: unit.code,
		kind: unit.kind,
		memberCount: unit.memberCount,
		parentId: unit.parentId,
		archived: unit.archivedAt !== null
	};
}

async function loadUnit(db: Db, id: number): Promise<Unit> {
	const unit = await repo.findUnit(db, id);
	if (!unit) throw notFound('Không tìm thấy đơn vị.');
	return unit;
}

const CODE_TAKEN = 'Mã đơn vị này đã được dùng cho đơn vị khác.';

async function withUniqueCode<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(CODE_TAKEN, { code: [CODE_TAKEN] });
		throw error;
	}
}

/** The units an organizer administers, as a tree ordered by path. */
export async function listUnits(
	ctx: Ctx,
	options: { search?: string; includeArchived?: boolean } = {}
) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	return repo.listUnits(ctx.db, { withinPaths: administeredPaths(actor), ...options });
}

export async function getUnit(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	const unit = await repo.findUnit(ctx.db, id);
	// 404 rather than 403 for units outside the reader's reach: existence is not revealed.
	if (!unit || !can(actor, 'unit.read', { kind: 'unit', path: unit.path })) {
		throw notFound('Không tìm thấy đơn vị.');
	}
	const parent = unit.parentId ? await repo.findUnit(ctx.db, unit.parentId) : null;
	return { ...unit, parentName: parent?.name ?? null };
}

export async function createUnit(ctx: Ctx, input: CreateUnitInput): Promise<Unit> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const parent = input.parentId ? await repo.findActiveUnit(tx, input.parentId) : null;
		if (input.parentId && !parent) {
			throw invalid('Đơn vị cấp trên không tồn tại.', {
				parentId: ['Đơn vị cấp trên không tồn tại.']
			});
		}
		authorize(actor, 'unit.create', { kind: 'unit', path: parent?.path ?? null });
		const { name, code, kind, memberCount } = input;
		const unit = await withUniqueCode(() =>
			repo.insertUnit(tx, { name, code, kind, memberCount }, parent)
		);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'unit.create',
			entityType: 'unit',
			entityId: unit.id,
			unitPath: unit.path,
			after: snapshot(unit)
		});
		return unit;
	});
}

export async function updateUnit(ctx: Ctx, id: number, input: UpdateUnitInput): Promise<Unit> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadUnit(tx, id);
		authorize(actor, 'unit.update', { kind: 'unit', path: before.path });
		const unit = await withUniqueCode(() => repo.updateUnitFields(tx, id, input, ctx.now));
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'unit.update',
			entityType: 'unit',
			entityId: id,
			unitPath: unit.path,
			before: snapshot(before),
			after: snapshot(unit)
		});
		return unit;
	});
}

export async function moveUnit(ctx: Ctx, id: number, input: MoveUnitInput): Promise<Unit> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await loadUnit(tx, id);
		authorize(actor, 'unit.move', { kind: 'unit', path: unit.path });
		const parent = input.parentId ? await repo.findActiveUnit(tx, input.parentId) : null;
		if (input.parentId && !parent) {
			throw invalid('Đơn vị cấp trên không tồn tại.', {
				parentId: ['Đơn vị cấp trên không tồn tại.']
			});
		}
		authorize(actor, 'unit.create', { kind: 'unit', path: parent?.path ?? null });
		if (!isValidNewParent(unit.path, parent?.path ?? null)) {
			const message = 'Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc nó.';
			throw invalid(message, { parentId: [message] });
		}
		const newPath = await repo.moveSubtree(tx, unit, parent, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'unit.move',
			entityType: 'unit',
			entityId: id,
			unitPath: newPath,
			before: { parentId: unit.parentId, path: unit.path },
			after: { parentId: parent?.id ?? null, path: newPath }
		});
		return loadUnit(tx, id);
	});
}

export async function archiveUnit(ctx: Ctx, id: number): Promise<Unit> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await loadUnit(tx, id);
		authorize(actor, 'unit.archive', { kind: 'unit', path: unit.path });
		if (unit.archivedAt) throw conflict('Đơn vị này đã được lưu trữ trước đó.');
		if ((await repo.countActiveChildren(tx, id)) > 0) {
			throw conflict(
				'Đơn vị còn đơn vị trực thuộc đang hoạt động. Hãy chuyển hoặc lưu trữ các đơn vị đó trước.'
			);
		}
		if ((await repo.countActiveMembers(tx, id)) > 0) {
			throw conflict(
				'Đơn vị còn tài khoản thành viên đang hoạt động. Hãy chuyển họ sang đơn vị khác trước.'
			);
		}
		await repo.setArchived(tx, id, ctx.now, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'unit.archive',
			entityType: 'unit',
			entityId: id,
			unitPath: unit.path,
			before: { archived: false },
			after: { archived: true }
		});
		return loadUnit(tx, id);
	});
}

export async function restoreUnit(ctx: Ctx, id: number): Promise<Unit> {
	const actor = requireActor(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await loadUnit(tx, id);
		authorize(actor, 'unit.archive', { kind: 'unit', path: unit.path });
		if (!unit.archivedAt) throw conflict('Đơn vị này đang hoạt động.');
		const parent = unit.parentId ? await repo.findUnit(tx, unit.parentId) : null;
		if (parent?.archivedAt)
			throw conflict('Đơn vị cấp trên đang bị lưu trữ. Hãy khôi phục đơn vị cấp trên trước.');
		await repo.setArchived(tx, id, null, ctx.now);
		await writeAudit(tx, {
			actorId: actor.id,
			action: 'unit.restore',
			entityType: 'unit',
			entityId: id,
			unitPath: unit.path,
			before: { archived: true },
			after: { archived: false }
		});
		return loadUnit(tx, id);
	});
}

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

/**
 * Imports units from a spreadsheet. With mode "all-or-nothing" any bad row stops the import and
 * nothing is written; with "good-rows" the good rows go in and the report lists the rest. Every
 * problem of a row is reported, not only the first.
 */
export async function importUnits(
	ctx: Ctx,
	file: { name: string; bytes: Uint8Array },
	mode: 'all-or-nothing' | 'good-rows'
): Promise<ImportReport> {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
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

	return ctx.db.transaction(async (tx) => {
		const referenced = [
			...new Set(planned.flatMap((r) => [r.code, ...(r.parentCode ? [r.parentCode] : [])]))
		];
		const known = new Map((await repo.findUnitsByCodes(tx, referenced)).map((u) => [u.code, u]));
		const bad = new Set(sheet.filter((r) => errors.has(r.rowNumber)).map((r) => r.rowNumber));
		const plan = planUnitImport(planned, new Set(known.keys()), bad);
		for (const e of plan.errors) errors.add(e.rowNumber, ...e.messages);

		// Permission per row: the parent (from the database) must be inside the actor's subtree.
		const allowed: UnitImportRow[] = [];
		const created = new Map<string, Unit>();
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
				!can(actor, 'unit.create', { kind: 'unit', path: dbParent?.path ?? null })
			) {
				const where = row.parentCode ? `"${row.parentCode}"` : 'cấp cao nhất';
				errors.add(row.rowNumber, `Bạn không có quyền thêm đơn vị vào ${where}.`);
				continue;
			}
			allowed.push(row);
		}
		if (errors.size > 0 && mode === 'all-or-nothing') {
			return { imported: 0, errors: errors.list(), total: sheet.length };
		}
		for (const row of allowed) {
			const parent = row.parentCode
				? (known.get(row.parentCode) ?? created.get(row.parentCode) ?? null)
				: null;
			const unit = await repo.insertUnit(
				tx,
				{ name: row.name, code: row.code, kind: row.kind, memberCount: row.memberCount },
				parent
			);
			created.set(unit.code, unit);
			await writeAudit(tx, {
				actorId: actor.id,
				action: 'unit.import',
				entityType: 'unit',
				entityId: unit.id,
				unitPath: unit.path,
				after: { ...snapshot(unit), file: file.name, row: row.rowNumber }
			});
		}
		return { imported: created.size, errors: errors.list(), total: sheet.length };
	});
}

/** @public Unit names are public: registration and public forms pick a unit from the tree. */
export async function listUnitChoices(db: Db) {
	const rows = await repo.listUnits(db, { withinPaths: null });
	return rows.map((u) => ({ id: u.id, name: u.name, code: u.code, depth: u.depth, path: u.path }));
}
