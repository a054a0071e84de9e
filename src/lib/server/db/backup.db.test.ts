import { sql } from 'drizzle-orm';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../demo/seed';
import { TEST_NOW } from '../testing/factories';
import { restoreEmbedded, restoreServer } from './backup';
import { openDatabase, type Database, type Db } from './client';
import { acquireDataDirLock } from './lock';
import { auditLog } from './schema';
import { rowsOf } from './sql';

// A backup restores to exactly what was backed up, on the engine this run tests: every table's
// rows (listed from information_schema, so a new table is covered without touching this file)
// and every sequence's position (so ids go on where they stopped).

interface Target {
	engine: 'pglite' | 'postgres';
	open(): Promise<Database>;
	restore(file: string): Promise<void>;
	dispose(): Promise<void>;
}

let folder: string;
let target: Target;

beforeAll(async () => {
	folder = await mkdtemp(join(tmpdir(), 'gs-backup-'));
	target = process.env.TEST_ENGINE === 'postgres' ? await serverTarget() : embeddedTarget();
});
afterAll(async () => {
	await target?.dispose();
	await rm(folder, { recursive: true, force: true });
});

function embeddedTarget(): Target {
	const dataDir = join(folder, 'data');
	let restores = 0;
	return {
		engine: 'pglite',
		open: () => openDatabase({ engine: 'pglite', dataDir }),
		restore: (file) => restoreEmbedded(file, dataDir, `${dataDir}.aside-${++restores}`),
		dispose: async () => {}
	};
}

async function serverTarget(): Promise<Target> {
	const serverUrl = process.env.TEST_DATABASE_URL!;
	const name = `gs_test_backup_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		engine: 'postgres',
		open: () => openDatabase({ engine: 'postgres', url: url.toString(), max: 8 }),
		restore: (file) => restoreServer(url.toString(), file),
		dispose: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

/** Every table of the app (ours and drizzle's migration log), schema-qualified. */
async function tables(db: Db): Promise<string[]> {
	const rows = rowsOf<{ name: string }>(
		await db.execute(sql`
			select format('%I.%I', table_schema, table_name) as name from information_schema.tables
			where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
			order by 1`)
	);
	return rows.map((r) => r.name);
}

/** Each table's rows as JSON text, sorted, and each sequence's last value. */
async function snapshot(db: Db) {
	const contents: Record<string, string[]> = {};
	for (const table of await tables(db)) {
		const rows = await db.execute(
			sql.raw(`select to_jsonb(t)::text as row from ${table} t order by 1`)
		);
		contents[table] = rowsOf<{ row: string }>(rows).map((r) => r.row);
	}
	const sequences = rowsOf<{ name: string; last: string | null }>(
		await db.execute(sql`
			select format('%I.%I', schemaname, sequencename) as name, last_value::text as last
			from pg_sequences order by 1`)
	);
	return { contents, sequences };
}

async function wipe(db: Db) {
	await db.execute(sql.raw(`truncate ${(await tables(db)).join(', ')} restart identity cascade`));
}

/** Backs up, empties every table, and restores from the file the way an operator does. */
async function backUpWipeRestore(database: Database, file: string) {
	await database.backup(file);
	await wipe(database.db);
	expect(Object.values((await snapshot(database.db)).contents).flat()).toEqual([]);
	await database.close();
	await target.restore(file);
	return target.open();
}

describe('backup and restore', () => {
	it('restores every table of the demo data and every sequence, after a wipe', async () => {
		let database = await target.open();
		await database.migrate();
		await seedDemoIfEmpty(database.db, TEST_NOW);
		const before = await snapshot(database.db);
		// The comparison means something only if the demo filled most of the schema.
		const filled = Object.values(before.contents).filter((rows) => rows.length > 0);
		expect(filled.length).toBeGreaterThan(30);

		database = await backUpWipeRestore(database, join(folder, 'demo.backup'));
		try {
			expect(await snapshot(database.db)).toEqual(before);
		} finally {
			await database.close();
		}
	}, 300_000);

	it('taken during a burst of writes, restores each transaction whole or not at all', async () => {
		let database = await target.open();
		const ROWS = 5;
		const write = (marker: number) =>
			database.db.transaction(async (tx) => {
				for (let row = 0; row < ROWS; row++)
					await tx.insert(auditLog).values({
						action: 'burst',
						entityType: 'burst',
						entityId: String(marker),
						at: TEST_NOW
					});
			});
		// Four writers one transaction after another, like the vote batcher under load, until
		// some have committed after the copy; it starts once some have committed before it.
		let next = 0;
		let committed = 0;
		let stopAt = Infinity;
		const writers = Array.from({ length: 4 }, async () => {
			while (committed < stopAt) {
				await write(next++);
				committed++;
				// Requests arrive from the network: PGlite answers within microtasks, so a loop
				// that never waits for I/O would starve the timers and the backup's file write.
				await new Promise((r) => setImmediate(r));
			}
		});
		while (committed < 40) await new Promise((r) => setTimeout(r, 5));
		const committedBefore = committed;
		const file = join(folder, 'burst.backup');
		await database.backup(file);
		stopAt = committed + 40;
		await Promise.all(writers);
		const total = committed;

		database = await restoreOver(database, file);
		try {
			const counts = rowsOf<{ marker: string; n: number }>(
				await database.db.execute(sql`
					select entity_id as marker, count(*)::int as n from audit_log
					where action = 'burst' group by entity_id`)
			);
			expect(counts.filter((c) => c.n !== ROWS)).toEqual([]);
			expect(counts.length).toBeGreaterThanOrEqual(committedBefore);
			expect(counts.length).toBeLessThan(total);
		} finally {
			await database.close();
		}
	}, 300_000);

	it.runIf(process.env.TEST_ENGINE !== 'postgres')(
		'refuses to restore the embedded folder while an app holds it, and keeps the old one aside',
		async () => {
			const dataDir = join(folder, 'data');
			const holder = acquireDataDirLock(dataDir);
			// The lock of a live process other than this one, as a running app leaves it.
			writeFileSync(join(dataDir, 'guong-sang.lock'), JSON.stringify({ pid: process.ppid }));
			await expect(restoreEmbedded(join(folder, 'demo.backup'), dataDir, 'x')).rejects.toThrow(
				/đang được tiến trình/
			);
			holder();
			const aside = join(folder, 'kept');
			await restoreEmbedded(join(folder, 'demo.backup'), dataDir, aside);
			expect(existsSync(join(aside, 'PG_VERSION'))).toBe(true);
			expect(existsSync(join(dataDir, 'guong-sang.lock'))).toBe(false);

			// A file that is no backup of ours leaves the folder as it was.
			const wrong = join(folder, 'wrong.tar.gz');
			writeFileSync(wrong, 'not a backup');
			const second = join(folder, 'kept-2');
			await expect(restoreEmbedded(wrong, dataDir, second)).rejects.toThrow(/không khôi phục/);
			expect(existsSync(second)).toBe(false);
			const database = await target.open();
			expect((await snapshot(database.db)).contents).not.toEqual({});
			await database.close();
		},
		120_000
	);
});

/** Restores over the live database as it stands: what was committed after the copy must go. */
async function restoreOver(database: Database, file: string) {
	await database.close();
	await target.restore(file);
	return target.open();
}
