import { PGlite } from '@electric-sql/pglite';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireDataDirLock } from './lock';

/** The lock file (./lock.ts) travels inside the copied folder; a restored one is dropped. */
const LOCK_FILE = 'guong-sang.lock';

/**
 * A copy of the embedded database, taken by the process that holds it.
 *
 * PGlite copies its folder under its query lock, which is free between two statements of one
 * transaction; so the copy also waits for the transaction lock, which every transaction holds
 * from BEGIN to COMMIT (drizzle runs its transactions through PGlite's own). The folder is then
 * an image between two transactions. The checkpoint before it writes every committed change
 * into the data files, so opening the copy replays little WAL.
 */
export async function dumpEmbedded(client: PGlite, file: string): Promise<void> {
	await client.exec('checkpoint');
	const tarball = await client._runExclusiveTransaction(() => client.dumpDataDir('gzip'));
	await writeWhole(file, Buffer.from(await tarball.arrayBuffer()));
}

/** `pg_dump` in its custom format: one transaction's snapshot, restorable with pg_restore. */
export async function dumpServer(url: string, file: string): Promise<void> {
	const part = `${file}.part`;
	try {
		await run('pg_dump', ['--format=custom', `--file=${part}`, `--dbname=${url}`]);
		await rename(part, file);
	} catch (error) {
		await rm(part, { force: true });
		throw error;
	}
}

/**
 * Restores a copy of the embedded database into `dataDir` while no app holds it (refused
 * otherwise). The folder there is kept aside under `asideDir`, never deleted.
 */
export async function restoreEmbedded(file: string, dataDir: string, asideDir: string) {
	const tarball = new Blob([await readFile(file)]);
	const moved = existsSync(dataDir);
	if (moved) {
		// Proves no app holds the folder, and holds it while it is moved aside.
		const release = acquireDataDirLock(dataDir);
		release();
		await rename(dataDir, asideDir);
	}
	const release = acquireDataDirLock(dataDir);
	try {
		await openCopy(dataDir, tarball);
	} catch (error) {
		// A copy that does not open as this app's database leaves the folder as it was.
		release();
		await rm(dataDir, { recursive: true, force: true });
		if (moved) await rename(asideDir, dataDir);
		throw new Error(`Tệp ${file} không khôi phục được thành cơ sở dữ liệu của Gương Sáng`, {
			cause: error
		});
	}
	release();
	// The copy's own lock names the process that took it, which may run again under that pid.
	await rm(join(dataDir, LOCK_FILE), { force: true });
}

async function openCopy(dataDir: string, tarball: Blob) {
	const client = new PGlite(dataDir, { loadDataDir: tarball });
	try {
		await client.waitReady;
		await client.query('select count(*) from drizzle.__drizzle_migrations');
	} finally {
		await client.close();
	}
}

/** `pg_restore` into the server's database: its objects replaced, all in one transaction. */
export async function restoreServer(url: string, file: string): Promise<void> {
	await run('pg_restore', [
		'--clean',
		'--if-exists',
		'--no-owner',
		'--no-privileges',
		'--single-transaction',
		'--exit-on-error',
		`--dbname=${url}`,
		file
	]);
}

/** Written under a temporary name first, so a half-written copy is never listed. */
async function writeWhole(file: string, bytes: Buffer) {
	const part = `${file}.part`;
	try {
		await writeFile(part, bytes);
		await rename(part, file);
	} catch (error) {
		await unlink(part).catch(() => {});
		throw error;
	}
}

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'ENOENT'
					? new Error(`Không tìm thấy ${command}: hãy cài gói postgresql-client.`)
					: error
			)
		);
		child.on('close', (code) =>
			code === 0
				? resolve()
				: reject(new Error(`${command} dừng với mã ${code}: ${stderr.trim().slice(0, 2000)}`))
		);
	});
}
