import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_Y, foldVietnamese } from '$lib/shared/text';
import { createTestDatabase } from '../testing/database';
import type { Database } from './client';
import { rowsOf } from './sql';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(async () => {
	await database?.close();
});

const names = [
	'Kỷ niệm ngày thành lập',
	'Lý luận chính trị',
	'Quý Mão',
	'Trần Thị Mỹ',
	'Nguyễn Thị Thủy',
	'Hy sinh vì Tổ quốc',
	'Y tế cơ sở',
	'Quyết định khen thưởng',
	'Tây Ninh',
	'Huy chương'
];

describe('migration 0015 refolds stored text as search folds it', () => {
	it('uses the pattern of foldVietnamese, and PostgreSQL applies it the same way', async () => {
		const migration = readFileSync('drizzle/0015_fold_final_y.sql', 'utf8');
		expect(migration).toContain(`'${FINAL_Y.source}'`);
		let refolded = 0;
		for (const name of names) {
			// What was stored before: folded without the final-y rule.
			const before = foldVietnamese(name.normalize('NFD').replace(/y/gi, '#')).replace(/#/g, 'y');
			if (before !== foldVietnamese(name)) refolded++;
			const rows = await database.db.execute(
				sql`select regexp_replace(${before}, ${FINAL_Y.source}, '\\1i', 'g') as folded`
			);
			expect(rowsOf<{ folded: string }>(rows)[0]!.folded, name).toBe(foldVietnamese(name));
		}
		expect(refolded).toBe(6);
	});
});
