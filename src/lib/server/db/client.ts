import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import postgres, { type Sql } from 'postgres';
import { dumpEmbedded, dumpServer } from './backup';
import { exclusiveInProcess, exclusiveOnServer, type Exclusive } from './exclusive';
import { acquireDataDirLock } from './lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction: repos accept either, so use cases compose them. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
	db: Db;
	engine: 'pglite' | 'postgres';
	migrate(): Promise<void>;
	ping(): Promise<boolean>;
	close(): Promise<void>;
	/**
	 * PostgreSQL only: this process's connections by state, from pg_stat_activity (postgres.js
	 * keeps its pool's queues to itself), the one asking left out.
	 */
	connections?(): Promise<Record<string, number>>;
	/** Writes a consistent copy of the whole database to `file` (see ./backup.ts). */
	backup(file: string): Promise<void>;
	/**
	 * Runs `work` unless another holder of `name` is running it, on any node sharing this
	 * database (then null): a scheduled job that one node at a time must do.
	 */
	exclusive: Exclusive;
	/**
	 * PostgreSQL only: LISTEN on a dedicated connection; `onListen` runs on every (re)connect,
	 * when notifications sent meanwhile are lost.
	 */
	listen?(
		channel: string,
		onNotify: (payload: string) => void,
		onListen: () => void
	): Promise<{ unlisten(): Promise<void> }>;
}

export type DatabaseOptions =
	| { engine: 'postgres'; url: string; max?: number }
	| { engine: 'pglite'; dataDir?: string; lock?: boolean };

/**
 * Drizzle prepares only queries given a name, and postgres.js sends an unprepared query with
 * parameters in two round trips (it asks the server for their types first) to be planned afresh.
 * Through this view of the client every query with parameters is prepared: described and planned
 * once per connection and text, then one round trip. postgres.js recycles connections
 * (max_lifetime, 30–60 min), which bounds the statements each one keeps.
 */
function preparing<T extends Sql>(client: T): T {
	return new Proxy(client, {
		get(target, key, receiver) {
			if (key === 'unsafe')
				return (query: string, args?: unknown[], options?: object) =>
					target.unsafe(
						query,
						args as never,
						args?.length ? { ...options, prepare: true } : (options as never)
					);
			// A transaction's and a savepoint's client prepare the same way.
			if (key === 'begin' || key === 'savepoint')
				return (...params: unknown[]) => {
					const body = params.pop() as (tx: Sql) => unknown;
					const open = Reflect.get(target, key, target) as (...p: unknown[]) => unknown;
					return open.call(target, ...params, (tx: Sql) => body(preparing(tx)));
				};
			return Reflect.get(target, key, receiver) as unknown;
		}
	});
}

export const migrationsFolder = resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	if (options.engine === 'postgres') {
		// Names this process's connections in pg_stat_activity, for `connections` and for a DBA.
		const applicationName = `guong-sang ${hostname()} ${process.pid}`.slice(0, 63);
		const client = postgres(options.url, {
			max: options.max ?? 10,
			onnotice: () => {},
			connection: { TimeZone: 'UTC', application_name: applicationName }
		});
		const db = drizzlePostgres({ client: preparing(client), schema, casing: 'snake_case' });
		return {
			db: db as unknown as Db,
			engine: 'postgres',
			migrate: () => migratePostgres(db, { migrationsFolder }),
			ping: () => ping(db as unknown as Db),
			close: () => client.end({ timeout: 5 }),
			backup: (file) => dumpServer(options.url, file),
			exclusive: exclusiveOnServer(client),
			connections: async () => {
				const rows = await client<{ state: string; n: number }[]>`
					select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
					where application_name = ${applicationName} and pid <> pg_backend_pid() group by 1`;
				return Object.fromEntries(rows.map((r) => [r.state, r.n]));
			},
			listen: async (channel, onNotify, onListen) => {
				const { unlisten } = await client.listen(channel, onNotify, onListen);
				return { unlisten };
			}
		};
	}
	const release =
		options.dataDir && options.lock !== false ? acquireDataDirLock(options.dataDir) : () => {};
	try {
		const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
		await client.waitReady;
		const db = drizzlePglite({ client, schema, casing: 'snake_case' });
		return {
			db: db as unknown as Db,
			engine: 'pglite',
			migrate: () => migratePglite(db, { migrationsFolder }),
			ping: () => ping(db as unknown as Db),
			backup: (file) => dumpEmbedded(client, file),
			exclusive: exclusiveInProcess(),
			close: async () => {
				await client.close();
				release();
			}
		};
	} catch (error) {
		release();
		throw error;
	}
}

async function ping(db: Db): Promise<boolean> {
	try {
		await db.execute(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}
