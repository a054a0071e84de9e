#!/usr/bin/env node
// The e2e web server: wipes the embedded database folder (so a run starts from the demo data
// that PGlite seeds on first start), then starts the app exactly as `npm start` does.
// Wipes only when E2E_WIPE_DATA_DIR=1 and DATA_DIR lies inside the system's temp folder.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

const dataDir = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : null;
if (process.env.E2E_WIPE_DATA_DIR === '1') {
	if (!dataDir || !dataDir.startsWith(resolve(tmpdir()) + sep)) {
		console.error(
			`serve.mjs: refusing to wipe DATA_DIR=${dataDir ?? '(unset)'}: not under ${tmpdir()}`
		);
		process.exit(1);
	}
	rmSync(dataDir, { recursive: true, force: true });
	console.log(`serve.mjs: fresh data folder ${dataDir}`);
	// The app's own backups go beside it in the temp folder, not into the worktree.
	process.env.BACKUP_DIR ??= `${dataDir}.backups`;
	rmSync(process.env.BACKUP_DIR, { recursive: true, force: true });
}

// A PostgreSQL run gets a fresh database of its own (only one named gs_e2e_*).
if (process.env.E2E_RESET_DATABASE === '1') {
	const url = new URL(process.env.DATABASE_URL ?? '');
	const name = url.pathname.slice(1);
	if (!/^gs_e2e_\d+$/.test(name)) {
		console.error(`serve.mjs: refusing to reset database "${name}"`);
		process.exit(1);
	}
	const { default: postgres } = await import('postgres');
	url.pathname = '/postgres';
	const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	console.log(`serve.mjs: fresh database ${name}`);
	// Backups taken from the admin page go to the temp folder, not into the worktree.
	process.env.BACKUP_DIR ??= join(tmpdir(), 'guong-sang-e2e', `${name}.backups`);
}

await import('../../scripts/start.js');
