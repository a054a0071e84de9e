// A hall's phones each hold an event stream, one file descriptor. Node raises its own soft limit
// of open files to the hard limit when it starts, so what a process reads here is all the system
// allows it; where that is too low for a hall, `npm start` says how to raise it.
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

/** This process's limit of open files; null where the system does not tell (not Linux). */
export function openFileLimit() {
	try {
		return parseOpenFileLimits(readFileSync('/proc/self/limits', 'utf8'))?.soft ?? null;
	} catch {
		return null;
	}
}

/**
 * What `npm start` says of the limit: nothing when it is ample or unknown; otherwise how many
 * phones it allows and how to raise it.
 * @param {number | null} limit
 * @returns {string | null}
 */
export function openFileAdvice(limit) {
	if (limit === null || limit >= WANTED_OPEN_FILES) return null;
	return (
		`Giới hạn tệp mở của tiến trình là ${limit}: mỗi điện thoại trong trận Rung chuông vàng giữ một kết nối, ` +
		`nên máy này phục vụ được khoảng ${Math.max(0, limit - 200)} điện thoại cùng lúc. ` +
		`Để nâng: chạy "ulimit -n 65536" trước "npm start" (giới hạn cứng của hệ thống phải cho phép), hoặc đặt LimitNOFILE trong dịch vụ systemd.`
	);
}
