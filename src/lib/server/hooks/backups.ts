import {
	backupSetupFor,
	configureBackups,
	startBackupSchedule,
	type BackupSchedule
} from '../backups';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { log } from '../log';

let schedule: BackupSchedule | null = null;

/**
 * Makes this node's database copyable from the admin area, and starts the schedule when
 * BACKUP_INTERVAL_HOURS is above 0 (the embedded database's default).
 */
export function startBackups(database: Database, config: Config) {
	const setup = backupSetupFor(database, {
		dir: config.backupDir,
		intervalHours: config.backupIntervalHours,
		keep: config.backupKeep
	});
	configureBackups(setup);
	if (setup.intervalHours > 0)
		schedule = startBackupSchedule(setup, {
			clock: () => new Date(),
			onTaken: (name) => log().info({ backup: name }, 'backup taken'),
			onError: (error) => log().error({ err: error }, 'backup failed')
		});
}

export async function stopBackups() {
	await schedule?.stop();
	schedule = null;
	configureBackups(null);
}
