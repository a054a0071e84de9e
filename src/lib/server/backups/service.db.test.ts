import { desc, eq } from 'drizzle-orm';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/client';
import { auditLog } from '../db/schema';
import { createTestDatabase } from '../testing/database';
import { ctxFor, makeTree, TEST_NOW } from '../testing/factories';
import { statusOf } from '../testing/status';
import { backupFileName } from './rules';
import { runScheduledBackup } from './scheduler';
import { backupNow, listBackups, openBackup } from './service';
import { configureBackups } from './setup';
import { backupSetupFor, type BackupSetup } from './store';

let database: Database;
let dir: string;
let setup: BackupSetup;
let admin: Actor;
let organizer: Actor;

beforeAll(async () => {
	database = await createTestDatabase();
	({ admin, organizer } = await makeTree(database));
	dir = await mkdtemp(join(tmpdir(), 'gs-backups-'));
	setup = backupSetupFor(database, { dir, intervalHours: 24, keep: 2 });
	configureBackups(setup);
});
afterAll(async () => {
	configureBackups(null);
	await database?.close();
	await rm(dir, { recursive: true, force: true });
});

const hoursLater = (h: number) => new Date(TEST_NOW.getTime() + h * 3_600_000);

describe('an administrator backs up on demand', () => {
	it('writes a named backup, lists it and audits it', async () => {
		const file = await backupNow(ctxFor(database, admin), {});
		expect(file.name).toBe(backupFileName(database.engine, TEST_NOW));
		expect(file.bytes).toBeGreaterThan(0);

		const listed = await listBackups(ctxFor(database, admin));
		expect(listed?.files.map((f) => [f.name, f.bytes])).toEqual([[file.name, file.bytes]]);
		expect(listed).toMatchObject({ dir, intervalHours: 24, keep: 2 });

		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'backup.create'))
			.orderBy(desc(auditLog.id));
		expect(entry).toMatchObject({
			actorId: admin.id,
			entityType: 'backup',
			after: { file: file.name, bytes: file.bytes }
		});
		expect((await openBackup(ctxFor(database, admin), file.name)).path).toBe(join(dir, file.name));
	}, 120_000);

	it('refuses a second backup within the same second, overwriting nothing', async () => {
		expect(await statusOf(backupNow(ctxFor(database, admin), {}))).toBe(409);
	});

	it('is for administrators only: organizers can neither take, list nor download', async () => {
		const ctx = ctxFor(database, organizer, hoursLater(1));
		expect(await statusOf(backupNow(ctx, {}))).toBe(403);
		expect(await statusOf(listBackups(ctx))).toBe(403);
		const name = backupFileName(database.engine, TEST_NOW);
		expect(await statusOf(openBackup(ctx, name))).toBe(403);
	});

	it('serves only names of backups, never another path', async () => {
		await writeFile(join(dir, 'notes.txt'), 'x');
		for (const name of ['notes.txt', '../etc/passwd', backupFileName('postgres', hoursLater(9))])
			expect(await statusOf(openBackup(ctxFor(database, admin), name)), name).toBe(404);
	});
});

describe('the schedule', () => {
	it('backs up once the newest is a day old and keeps the newest two', async () => {
		// The on-demand backup at TEST_NOW counts as the day's.
		expect(await runScheduledBackup(setup, hoursLater(23))).toEqual({ taken: null, deleted: [] });
		const first = await runScheduledBackup(setup, hoursLater(24));
		expect(first).toEqual({ taken: backupFileName(database.engine, hoursLater(24)), deleted: [] });
		const second = await runScheduledBackup(setup, hoursLater(48));
		expect(second.deleted).toEqual([backupFileName(database.engine, TEST_NOW)]);
		expect((await readdir(dir)).sort()).toEqual([first.taken, second.taken, 'notes.txt'].sort());
	}, 120_000);

	it('takes one backup when two nodes sharing the folder and the database are due at once', async () => {
		const shared = await mkdtemp(join(tmpdir(), 'gs-backups-shared-'));
		try {
			// Each node's own setup; the copy takes a moment, as a real database's does.
			const node = (): BackupSetup => ({
				...setup,
				dir: shared,
				take: async (file) => {
					await new Promise((r) => setTimeout(r, 300));
					await database.backup(file);
				}
			});
			const [a, b] = await Promise.all([
				runScheduledBackup(node(), hoursLater(100)),
				runScheduledBackup(node(), new Date(hoursLater(100).getTime() + 1_000))
			]);
			const taken = [a.taken, b.taken].filter((t) => t !== null);
			expect(taken).toHaveLength(1);
			expect(await readdir(shared)).toEqual(taken);
		} finally {
			await rm(shared, { recursive: true, force: true });
		}
	}, 120_000);
});
