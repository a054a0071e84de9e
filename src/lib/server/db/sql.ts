import { getTableName, sql, type Column, type SQL } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';

/**
 * A column of the outer query, always written as "table"."column". Drizzle drops the table name
 * in the select list of a one-table query, so a bare column inside a correlated subquery binds
 * to the subquery's own table of the same column name (the vote log once read every ballot's
 * options through `v.ballot_id = "id"`, the option's id).
 */
export function outer(column: Column): SQL {
	const name = column.keyAsName ? toSnakeCase(column.name) : column.name;
	return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(name)}`;
}

/** The rows of a raw query: postgres.js answers an array of rows, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
