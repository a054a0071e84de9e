import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { createTestDatabase } from '../testing/database';
import { units } from './schema';
import { rowsOf } from './sql';

describe('database health', () => {
	it('answers a ping while the database is up', async () => {
		const database = await createTestDatabase();
		try {
			expect(await database.ping()).toBe(true);
		} finally {
			await database.close();
		}
	});

	it('reports a server that does not answer instead of throwing (/healthz turns this into 503)', async () => {
		const database = await openDatabase({
			engine: 'postgres',
			url: 'postgres://postgres@127.0.0.1:1/none',
			max: 1
		});
		try {
			expect(await database.ping()).toBe(false);
		} finally {
			await database.close();
		}
	});
});

describe.runIf(process.env.TEST_ENGINE === 'postgres')('statements on a server', () => {
	it('prepares every query with parameters, in transactions and savepoints too (one round trip, planned once)', async () => {
		const database = await createTestDatabase();
		try {
			const prepared = await database.db.transaction(async (tx) => {
				await tx.select({ id: units.id }).from(units).where(eq(units.id, 1));
				await tx.execute(sql`select ${'a'}::text as in_transaction`);
				await tx.transaction(async (savepoint) => {
					await savepoint.execute(sql`select ${'b'}::text as in_savepoint`);
				});
				// The transaction holds one connection: its own prepared statements.
				return rowsOf<{ statement: string }>(
					await tx.execute(sql`select statement from pg_prepared_statements where ${1} = 1`)
				).map((r) => r.statement);
			});
			expect(prepared.some((s) => /from "units" where "units"\."id" = \$1/.test(s))).toBe(true);
			expect(prepared).toContain('select $1::text as in_transaction');
			expect(prepared).toContain('select $1::text as in_savepoint');
		} finally {
			await database.close();
		}
	});
});
