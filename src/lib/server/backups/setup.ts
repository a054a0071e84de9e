import type { BackupSetup } from './store';

// Where this process keeps its backups, set by the server at start (and by tests); null: this
// process takes no backups (an administrator's page says so).
let current: BackupSetup | null = null;

export function configureBackups(setup: BackupSetup | null) {
	current = setup;
}

export function backupSetup(): BackupSetup | null {
	return current;
}
