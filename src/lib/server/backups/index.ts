/**
 * Backups of the whole database (docs/operations.md): taken by the app on a schedule and by an
 * administrator on demand, kept in BACKUP_DIR under a retention rule. The copying itself is the
 * database layer's (db/backup.ts), since only the process holding the embedded folder can copy it.
 */
export { backupNow, listBackups, openBackup } from './service';
export { backupSetup, configureBackups } from './setup';
export { runScheduledBackup, startBackupSchedule, type BackupSchedule } from './scheduler';
export {
	backupSetupFor,
	listBackupFiles,
	pruneBackups,
	writeBackup,
	type BackupFile,
	type BackupSetup
} from './store';
export * from './rules';
