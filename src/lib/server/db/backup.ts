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
 * PGlite keeps changed pages in memory until a checkpoint, and its folder copy (`dumpDataDir`) is
 * the files as they are: a copy without a checkpoint just before it loses recent commits (the
 * round-trip test fails that way). So the checkpoint and the copy run inside one transaction of
 * PGlite's own: that holds its transaction lock, which every other transaction (drizzle's, the
 * group commits) and every statement outside one also waits for, so nothing is written between
 * the checkpoint and the copy, and the copy is the state between two transactions. The copy
 * itself only takes the query lock, which a transaction leaves free between its statements.
 */
export async function dumpEmbedded(client: PGlite, file: string): Promise<void> {
	const tarball = await client.transaction(async (tx) => {
		await tx.exec('checkpoint');
		return client.dumpDataDir('gzip');
	});
	await writeWhole(file, Buffer.from(await tarball.arrayBuffer()));
}

/** `pg_dump` in its custom format: one transaction's snapshot, restorable with pg_restore. */
export async function dumpServer(url: string, file: string): Promise<void> {
	const part = `${file}.part`;
	try {
		await run('pg_dump', ['--format=custom', `--file=${part}`], url);
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
	await run(
		'pg_restore',
		[
			'--clean',
			'--if-exists',
			'--no-owner',
			'--no-privileges',
			'--single-transaction',
			'--exit-on-error',
			file
		],
		url
	);
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

/**
 * Runs a PostgreSQL client on the database at `url`. The password goes in PGPASSWORD, not on the
 * command line, where every user of the machine could read it in the process list.
 */
function run(command: string, args: string[], url: string): Promise<void> {
	const target = new URL(url);
	const password = decodeURIComponent(target.password);
	target.password = '';
	const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
	return new Promise((resolve, reject) => {
		const child = spawn(command, [...args, `--dbname=${target}`], {
			env,
			stdio: ['ignore', 'ignore', 'pipe']
		});
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
