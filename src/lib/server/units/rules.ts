/** Pure rules of the unit tree. Paths look like "/1/5/12/": the chain of ids from the top. */
import type { Unit } from '../db/schema';
import type { Check } from '../usecase';

export function childPath(parentPath: string | null, id: number): string {
	return `${parentPath ?? '/'}${id}/`;
}

export function depthOf(path: string): number {
	return path.split('/').filter(Boolean).length - 1;
}

/** A unit may not move under itself or anything below it: it would become its own ancestor. */
export function isValidNewParent(unitPath: string, newParentPath: string | null): boolean {
	return newParentPath === null || !newParentPath.startsWith(unitPath);
}

/** The path of a descendant after its subtree moved from oldPrefix to newPrefix. */
export function rebase(path: string, oldPrefix: string, newPrefix: string): string {
	if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
	return newPrefix + path.slice(oldPrefix.length);
}

/** Ids on a path, top first. */
export function idsOnPath(path: string): number[] {
	return path.split('/').filter(Boolean).map(Number);
}

export interface UnitImportRow {
	rowNumber: number;
	name: string;
	code: string;
	kind: string;
	memberCount: number;
	parentCode: string | null;
}

export interface RowError {
	rowNumber: number;
	messages: string[];
}

/**
 * Orders imported rows so that parents come before children, and reports rows whose parent
 * is missing, duplicated codes and cycles. `existing` maps codes already in the database;
 * `alreadyBad` are rows refused for another reason: they are not imported, nor their children.
 */
export function planUnitImport(
	rows: UnitImportRow[],
	existing: ReadonlySet<string>,
	alreadyBad: ReadonlySet<number> = new Set()
): { ordered: UnitImportRow[]; errors: RowError[] } {
	const errors = new Map<number, string[]>();
	const addError = (row: number, message: string) =>
		errors.set(row, [...(errors.get(row) ?? []), message]);
	const byCode = new Map<string, UnitImportRow>();
	for (const row of rows) {
		if (existing.has(row.code)) {
			// Parents with this code resolve to the unit already in the database.
			addError(row.rowNumber, `Mã đơn vị "${row.code}" đã tồn tại.`);
			continue;
		}
		const earlier = byCode.get(row.code);
		if (earlier)
			addError(row.rowNumber, `Mã đơn vị "${row.code}" trùng với dòng ${earlier.rowNumber}.`);
		else byCode.set(row.code, row);
	}
	for (const row of rows) {
		if (row.parentCode && !existing.has(row.parentCode) && !byCode.has(row.parentCode)) {
			addError(row.rowNumber, `Không tìm thấy đơn vị cấp trên có mã "${row.parentCode}".`);
		}
	}
	// Depth-first from each row to place its parents first; a row met again while open is a cycle.
	const ordered: UnitImportRow[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const visit = (row: UnitImportRow): boolean => {
		const seen = state.get(row.code);
		if (seen === 'done') return true;
		if (seen === 'open') return false;
		state.set(row.code, 'open');
		const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
		const ok = !parent || parent === row || visit(parent);
		if (!ok || parent === row)
			addError(row.rowNumber, 'Đơn vị không thể là cấp trên của chính nó (vòng lặp).');
		state.set(row.code, 'done');
		if (byCode.get(row.code) === row) ordered.push(row);
		return ok && parent !== row;
	};
	byCode.forEach(visit);
	// A child of a bad row cannot be imported either.
	const isBad = (rowNumber: number) => errors.has(rowNumber) || alreadyBad.has(rowNumber);
	const bad = new Set([...byCode.values()].filter((r) => isBad(r.rowNumber)).map((r) => r.code));
	for (const row of ordered) {
		if (row.parentCode && bad.has(row.parentCode) && !isBad(row.rowNumber)) {
			addError(
				row.rowNumber,
				`Đơn vị cấp trên "${row.parentCode}" có lỗi nên dòng này không thể nhập.`
			);
			bad.add(row.code);
		}
	}
	return {
		ordered: ordered.filter((r) => !isBad(r.rowNumber)),
		errors: [...errors]
			.map(([rowNumber, messages]) => ({ rowNumber, messages }))
			.sort((a, b) => a.rowNumber - b.rowNumber)
	};
}

/** What the audit log keeps of a unit before and after a change. */
export function unitSnapshot(unit: Unit) {
	return {
		name: unit.name,
		code: unit.code,
		kind: unit.kind,
		memberCount: unit.memberCount,
		parentId: unit.parentId,
		archived: unit.archivedAt !== null
	};
}

/** Who may create a unit under this parent (none: a top unit). */
export const unitCreateCheck = (parent: Unit | null): Check => ({
	action: 'unit.create',
	resource: { kind: 'unit', path: parent?.path ?? null }
});
