import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openFileAdvice, parseOpenFileLimits, WANTED_OPEN_FILES } from '../../scripts/fd-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95584                95584                processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

const hasPrlimit =
	existsSync('/proc/self/limits') && spawnSync('prlimit', ['--version']).status === 0;

/** What a node process started with `soft`:`hard` open files reads as its limit and advice. */
function startedWith(soft: number, hard: number) {
	const script =
		"import('./scripts/fd-limit.js').then((m) => { const l = m.openFileLimit(); console.log(JSON.stringify({ limit: l, advice: m.openFileAdvice(l) })); })";
	const run = spawnSync('prlimit', [`--nofile=${soft}:${hard}`, process.execPath, '-e', script], {
		encoding: 'utf8'
	});
	return JSON.parse(run.stdout) as { limit: number; advice: string | null };
}

describe("npm start's open-file limit (scripts/fd-limit.js)", () => {
	it('reads the soft and hard limits from /proc/<pid>/limits', () => {
		expect(parseOpenFileLimits(LIMITS)).toEqual({ soft: 1024, hard: 524288 });
		expect(parseOpenFileLimits(LIMITS.replace('524288 ', 'unlimited'))).toEqual({
			soft: 1024,
			hard: Infinity
		});
		expect(parseOpenFileLimits('Max processes 1 1 processes')).toBeNull();
	});

	it.skipIf(!hasPrlimit)(
		'a process started with a soft limit of 256 runs with its hard limit, as Node raises it',
		() => {
			expect(startedWith(256, 16_000).limit).toBe(16_000);
		}
	);

	it.skipIf(!hasPrlimit)('a hard limit too low for a hall is reported with how to raise it', () => {
		const { limit, advice } = startedWith(1024, 1024);
		expect(limit).toBe(1024);
		expect(advice).toContain('Giới hạn tệp mở của tiến trình là 1.024');
		// A stream each, and a second connection while answering.
		expect(advice).toContain('khoảng 412 điện thoại');
		expect(advice).toContain('ulimit -n 65536');
	});

	it('counts the phones of a limit as Vietnamese readers write numbers', () => {
		expect(openFileAdvice(20_000)).toContain('là 20.000:');
		expect(openFileAdvice(20_000)).toContain('khoảng 9.900 điện thoại');
	});

	it('says nothing when the limit is ample or unknown', () => {
		expect(openFileAdvice(WANTED_OPEN_FILES)).toBeNull();
		expect(openFileAdvice(null)).toBeNull();
		expect(openFileAdvice(WANTED_OPEN_FILES - 1)).toContain('ulimit -n 65536');
	});
});
