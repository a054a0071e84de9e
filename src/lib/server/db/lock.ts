import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
	constructor(dir: string, pid: number) {
		super(
			`Thư mục dữ liệu "${dir}" đang được tiến trình ${pid} sử dụng. ` +
				`Hãy dừng tiến trình đó trước, hoặc dùng thư mục khác (DATA_DIR). ` +
				`(The embedded database folder is in use by process ${pid}; two writers would corrupt it.)`
		);
		this.name = 'DataDirLockedError';
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM means the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * PGlite does not lock its folder, and two processes writing to it corrupt it. A lock file
 * holding our pid refuses a second process; a lock left by a killed process (its pid gone)
 * is taken over, so a crashed server restarts on its data.
 */
export function acquireDataDirLock(dir: string): () => void {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'guong-sang.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date() }));
			closeSync(fd);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				process.off('exit', release);
				try {
					unlinkSync(file);
				} catch {
					// already gone: nothing to release
				}
			};
			process.once('exit', release);
			return release;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let holder = 0;
			try {
				holder = Number(JSON.parse(readFileSync(file, 'utf8')).pid) || 0;
			} catch {
				// unreadable lock: written by a process killed mid-write, treat as stale
			}
			if (holder && holder !== process.pid && isAlive(holder)) {
				throw new DataDirLockedError(dir, holder);
			}
			try {
				unlinkSync(file);
			} catch {
				// another starter removed it first; the next openSync decides
			}
		}
	}
	throw new Error(`Không thể khoá thư mục dữ liệu "${dir}".`);
}
