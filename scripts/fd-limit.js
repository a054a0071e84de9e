// A hall's phones each hold an event stream, and while they answer a second connection (kept
// alive a few seconds after the answer): two file descriptors each at the busiest moment,
// measured with 10,000 phones (`npm run bench:live`: 16,500 open at the answers' peak). Node
// raises its own soft limit of open files to the hard limit when it starts, so what a process
// reads here is all the system allows it; where that is too low for a hall, `npm start` says how
// to raise it.
import { readFileSync } from 'node:fs';

const FILES_PER_PHONE = 2;
/** The database's connections, the pages being served, the build's files. */
const RESERVED_FILES = 200;
/** Enough for 10,000 phones on one node with room for the database and the pages. */
export const WANTED_OPEN_FILES = 10_000 * FILES_PER_PHONE + RESERVED_FILES;

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

/** A count as Vietnamese readers write it (9.900). */
const count = (/** @type {number} */ n) => n.toLocaleString('vi-VN');

/**
 * What `npm start` says of the limit: nothing when it is ample or unknown; otherwise how many
 * phones it allows and how to raise it.
 * @param {number | null} limit
 * @returns {string | null}
 */
export function openFileAdvice(limit) {
	if (limit === null || limit >= WANTED_OPEN_FILES) return null;
	return (
		`Giới hạn tệp mở của tiến trình là ${count(limit)}: mỗi điện thoại trong trận Rung chuông vàng giữ một kết nối nhận diễn biến ` +
		`và thêm một kết nối khi gửi câu trả lời, nên máy này phục vụ được khoảng ` +
		`${count(Math.max(0, Math.floor((limit - RESERVED_FILES) / FILES_PER_PHONE)))} điện thoại cùng lúc. ` +
		`Để nâng: chạy "ulimit -n 65536" trước "npm start" (giới hạn cứng của hệ thống phải cho phép), hoặc đặt LimitNOFILE trong dịch vụ systemd.`
	);
}
