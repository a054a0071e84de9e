import { describe, expect, it } from 'vitest';
import { childPath, depthOf, idsOnPath, isValidNewParent, rebase } from './rules';

describe('unit tree rules', () => {
	it('builds paths of any depth', () => {
		expect(childPath(null, 1)).toBe('/1/');
		const deep = [2, 3, 4, 5, 6, 7].reduce((p, id) => childPath(p, id), childPath(null, 1));
		expect(deep).toBe('/1/2/3/4/5/6/7/');
		expect(depthOf(deep)).toBe(6);
		expect(idsOnPath(deep)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('refuses to make a unit its own ancestor', () => {
		expect(isValidNewParent('/1/2/', '/1/2/')).toBe(false);
		expect(isValidNewParent('/1/2/', '/1/2/9/4/')).toBe(false);
		expect(isValidNewParent('/1/2/', '/1/3/')).toBe(true);
		expect(isValidNewParent('/1/2/', '/1/22/')).toBe(true);
		expect(isValidNewParent('/1/2/', null)).toBe(true);
	});

	it('rebases descendants when a subtree moves', () => {
		expect(rebase('/1/2/9/', '/1/2/', '/1/3/2/')).toBe('/1/3/2/9/');
		expect(() => rebase('/1/4/', '/1/2/', '/3/')).toThrow();
	});
});

import { planUnitImport, type UnitImportRow } from './rules';

describe('planUnitImport', () => {
	const row = (rowNumber: number, code: string, parentCode: string | null): UnitImportRow => ({
		rowNumber,
		code,
		parentCode,
		name: `Đơn vị ${code}`,
		kind: 'grassroots',
		memberCount: 10
	});

	it('puts parents before children whatever the file order', () => {
		const plan = planUnitImport(
			[row(2, 'C', 'B'), row(3, 'B', 'A'), row(4, 'A', 'ROOT')],
			new Set(['ROOT'])
		);
		expect(plan.errors).toEqual([]);
		expect(plan.ordered.map((r) => r.code)).toEqual(['A', 'B', 'C']);
	});

	it('reports duplicates, unknown parents, cycles and the children of bad rows', () => {
		const plan = planUnitImport(
			[
				row(2, 'A', 'ROOT'),
				row(3, 'A', 'ROOT'),
				row(4, 'X', 'NOPE'),
				row(5, 'Y', 'X'),
				row(6, 'P', 'Q'),
				row(7, 'Q', 'P'),
				row(8, 'ROOT', null),
				row(9, 'S', 'S')
			],
			new Set(['ROOT'])
		);
		const byRow = Object.fromEntries(plan.errors.map((e) => [e.rowNumber, e.messages.join(' ')]));
		expect(byRow[3]).toContain('trùng với dòng 2');
		expect(byRow[4]).toContain('Không tìm thấy đơn vị cấp trên có mã "NOPE"');
		expect(byRow[5]).toContain('có lỗi');
		expect(byRow[6] ?? byRow[7]).toContain('vòng lặp');
		expect(byRow[8]).toContain('đã tồn tại');
		expect(byRow[9]).toContain('vòng lặp');
		expect(plan.ordered.map((r) => r.code)).toEqual(['A']);
	});
});
