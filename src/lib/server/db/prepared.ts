import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client';
import { rowsOf } from './sql';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs raw SQL as a prepared statement on a database or a transaction. `db.execute()` never
 * prepares: postgres.js then asks the server for the parameter types first (a second round
 * trip) and PostgreSQL plans the statement afresh. Hot paths with a fixed text use this.
 */
export async function executePrepared<T>(db: Db, name: string, query: SQL): Promise<T[]> {
	const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
	const result: unknown = await prepared.execute();
	return rowsOf<T>(result);
}
