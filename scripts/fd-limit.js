// A hall's phones each hold an event stream, one file descriptor; shells often start processes
// with a soft limit of 1,024 under a hard limit of many thousands. Any process may raise its soft
// limit up to the hard one; Node has no call for it, so util-linux's `prlimit` does it (Linux).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Enough for 10,000 phones on one node with room for the database and the pages. */
export const WANTED_OPEN_FILES = 12_000;

/**
 * The soft and hard limits of open files from a /proc/<pid>/limits text; null when absent.
 * @param {string} text
 * @returns {{ soft: number, hard: number } | null}
 */
export function parseOpenFileLimits(text) {
	const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)\s/m.exec(text);
	if (!match) return null;
	const value = (/** @type {string} */ v) => (v === 'unlimited' ? Infinity : Number(v));
	return { soft: value(match[1] ?? ''), hard: value(match[2] ?? '') };
}

/** @param {number} pid */
function readLimits(pid) {
	try {
		return parseOpenFileLimits(readFileSync(`/proc/${pid}/limits`, 'utf8'));
	} catch {
		return null; // not Linux
	}
}

/**
 * Raises the process's soft limit of open files to its hard limit where the system allows.
 * Returns the limit in force after (null where it cannot be read) and whether it was raised.
 * @param {number} [pid]
 * @returns {{ limit: number | null, raised: boolean }}
 */
export function raiseOpenFileLimit(pid = process.pid) {
	const before = readLimits(pid);
	if (!before) return { limit: null, raised: false };
	if (before.soft >= before.hard || !Number.isFinite(before.hard))
		return { limit: before.soft, raised: false };
	spawnSync('prlimit', ['--pid', String(pid), `--nofile=${before.hard}:${before.hard}`], {
		stdio: 'ignore'
	});
	const after = readLimits(pid) ?? before;
	return { limit: after.soft, raised: after.soft > before.soft };
}

/**
 * What `npm start` says of the limit: nothing when it is ample; otherwise how to raise it.
 * @param {{ limit: number | null, raised: boolean }} outcome
 * @returns {string | null}
 */
export function openFileAdvice({ limit, raised }) {
	if (limit === null || limit >= WANTED_OPEN_FILES)
		return raised ? `Đã nâng giới hạn tệp mở lên ${limit}.` : null;
	return (
		`Giới hạn tệp mở của tiến trình là ${limit}: mỗi điện thoại trong trận Rung chuông vàng giữ một kết nối, ` +
		`nên máy này phục vụ được khoảng ${Math.max(0, limit - 200)} điện thoại cùng lúc. ` +
		`Để nâng: chạy "ulimit -n 65536" trước "npm start" (cần giới hạn cứng đủ lớn), hoặc đặt LimitNOFILE trong dịch vụ systemd.`
	);
}
