import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	openFileAdvice,
	parseOpenFileLimits,
	raiseOpenFileLimit,
	WANTED_OPEN_FILES
} from '../../scripts/fd-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95584                95584                processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

const hasPrlimit =
	existsSync('/proc/self/limits') && spawnSync('prlimit', ['--version']).status === 0;

describe("npm start's open-file limit (scripts/fd-limit.js)", () => {
	it('reads the soft and hard limits from /proc/<pid>/limits', () => {
		expect(parseOpenFileLimits(LIMITS)).toEqual({ soft: 1024, hard: 524288 });
		expect(parseOpenFileLimits(LIMITS.replace('524288 ', 'unlimited'))).toEqual({
			soft: 1024,
			hard: Infinity
		});
		expect(parseOpenFileLimits('Max processes 1 1 processes')).toBeNull();
	});

	it.skipIf(!hasPrlimit)('raises a soft limit of 256 to the hard limit of 4096', async () => {
		// A child started with 256 open files allowed of a hard 4,096, as a shell might start it.
		const child = spawn('prlimit', [
			'--nofile=256:4096',
			process.execPath,
			'-e',
			'setTimeout(() => {}, 10000)'
		]);
		try {
			const pid = child.pid!;
			// prlimit execs node in place: wait until the limits are node's.
			for (let i = 0; i < 100; i++) {
				const limits = parseOpenFileLimits(readFileSync(`/proc/${pid}/limits`, 'utf8'));
				if (limits?.soft === 256) break;
				await new Promise((r) => setTimeout(r, 20));
			}
			expect(raiseOpenFileLimit(pid)).toEqual({ limit: 4096, raised: true });
			expect(parseOpenFileLimits(readFileSync(`/proc/${pid}/limits`, 'utf8'))).toEqual({
				soft: 4096,
				hard: 4096
			});
			// Already at the hard limit: nothing to do.
			expect(raiseOpenFileLimit(pid)).toEqual({ limit: 4096, raised: false });
		} finally {
			child.kill();
		}
	});

	it('says how to raise a limit too low for a full hall, and nothing when it is ample', () => {
		expect(openFileAdvice({ limit: WANTED_OPEN_FILES, raised: false })).toBeNull();
		expect(openFileAdvice({ limit: null, raised: false })).toBeNull();
		expect(openFileAdvice({ limit: 65536, raised: true })).toBe(
			'Đã nâng giới hạn tệp mở lên 65536.'
		);
		const advice = openFileAdvice({ limit: 1024, raised: false })!;
		expect(advice).toContain('Giới hạn tệp mở của tiến trình là 1024');
		expect(advice).toContain('khoảng 824 điện thoại');
		expect(advice).toContain('ulimit -n 65536');
	});
});
