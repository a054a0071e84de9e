import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/client';
import {
	backupFileName,
	backupsToDelete,
	parseBackupName,
	type BackupEngine,
	type BackupName
} from './rules';

/** What taking a backup needs: the database's own copier, and where copies go. */
export interface BackupSetup {
	engine: BackupEngine;
	dir: string;
	/** Writes a consistent copy of the whole database to the file (Database.backup). */
	take: (file: string) => Promise<void>;
	/**
	 * Runs the work unless another node sharing the database is at it (null then):
	 * `Database.exclusive`, so nodes sharing a folder never copy the database twice at once.
	 */
	exclusive: <T>(work: () => Promise<T>) => Promise<{ value: T } | null>;
	/** Hours between scheduled backups (0: none) and how many backups are kept. */
	intervalHours: number;
	keep: number;
}

/** A database's backups into `dir`: its own copier, one node at a time ('backups'). */
export function backupSetupFor(
	database: Pick<Database, 'engine' | 'backup' | 'exclusive'>,
	where: Pick<BackupSetup, 'dir' | 'intervalHours' | 'keep'>
): BackupSetup {
	return {
		engine: database.engine,
		take: (file) => database.backup(file),
		exclusive: (work) => database.exclusive('backups', work),
		...where
	};
}

export interface BackupFile extends BackupName {
	bytes: number;
}

/** Our backups in the folder, newest first (other files and half-written copies left out). */
export async function listBackupFiles(dir: string): Promise<BackupFile[]> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const files = await Promise.all(
		names.map(async (name) => {
			const parsed = parseBackupName(name);
			if (!parsed) return null;
			const info = await stat(join(dir, name)).catch(() => null);
			return info?.isFile() ? { ...parsed, bytes: info.size } : null;
		})
	);
	return files
		.filter((f): f is BackupFile => f !== null)
		.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Takes one backup named by `now`; an existing file of that name is never overwritten. */
export async function writeBackup(setup: BackupSetup, now: Date): Promise<BackupFile | null> {
	await mkdir(setup.dir, { recursive: true });
	const name = backupFileName(setup.engine, now);
	const file = join(setup.dir, name);
	if (await stat(file).catch(() => null)) return null;
	await setup.take(file);
	return { ...parseBackupName(name)!, bytes: (await stat(file)).size };
}

/** Deletes what retention lets go; returns the deleted names. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
	const names = (await listBackupFiles(dir)).map((f) => f.name);
	const doomed = backupsToDelete(names, keep);
	for (const name of doomed) await unlink(join(dir, name)).catch(() => {});
	return doomed;
}
