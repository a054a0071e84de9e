/**
 * Backups' names, which of them to keep, and when the next one is due. Pure: the time comes in.
 *
 * A backup's name carries its engine and the instant it was taken (UTC), so the folder alone
 * says what each file is, a restore can refuse a copy of the other engine, and nothing but
 * names of this shape is ever listed, served or deleted.
 */
export type BackupEngine = 'pglite' | 'postgres';

const EXTENSION: Record<BackupEngine, string> = { pglite: '.tar.gz', postgres: '.dump' };
const NAME = /^guong-sang-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})Z(\.tar\.gz|\.dump)$/;

export interface BackupName {
	name: string;
	engine: BackupEngine;
	takenAt: Date;
}

/** e.g. guong-sang-20261201-030000Z.tar.gz (embedded) or …Z.dump (pg_dump's custom format). */
export function backupFileName(engine: BackupEngine, takenAt: Date): string {
	return `guong-sang-${stamp(takenAt)}${EXTENSION[engine]}`;
}

/** 20261201-030000Z: sorts as time does, and is a valid file name everywhere. */
function stamp(at: Date): string {
	return at
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '')
		.replace('T', '-');
}

/** The name's engine and time, or null for anything that is not one of our backups. */
export function parseBackupName(name: string): BackupName | null {
	const m = NAME.exec(name);
	if (!m) return null;
	const [, y, mo, d, h, mi, s, ext] = m;
	const takenAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
	if (Number.isNaN(takenAt.getTime())) return null;
	return { name, engine: ext === '.dump' ? 'postgres' : 'pglite', takenAt };
}

/** The newest `keep` backups stay; the names of the rest, oldest first, are to be deleted. */
export function backupsToDelete(names: readonly string[], keep: number): string[] {
	const ours = names
		.map(parseBackupName)
		.filter((b): b is BackupName => b !== null)
		.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
	return ours
		.slice(Math.max(1, keep))
		.reverse()
		.map((b) => b.name);
}

/**
 * Whether the schedule takes a backup now: none yet, or the newest is an interval old. Counting
 * from the newest file on disk (not from the process start) means restarts take no extra
 * copies, and a backup taken by hand counts as the day's.
 */
export function isBackupDue(newest: Date | null, now: Date, intervalHours: number): boolean {
	if (intervalHours <= 0) return false;
	return newest === null || now.getTime() - newest.getTime() >= intervalHours * 3_600_000;
}

/** Where a restore keeps the folder it replaces: beside it, named by the restore's time. */
export function asideFolder(dataDir: string, now: Date): string {
	return `${dataDir}.before-restore-${stamp(now)}`;
}
