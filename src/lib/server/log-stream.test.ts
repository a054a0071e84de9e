import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coalesced } from './log-stream';

describe('the log lines’ stream', () => {
	it('writes the lines of one turn together, in order, after the turn', async () => {
		const writes: string[] = [];
		const stream = coalesced({ write: (text) => writes.push(text) });
		stream.write('a\n');
		stream.write('b\n');
		stream.write('c\n');
		expect(writes).toEqual([]);
		await new Promise((resolve) => setImmediate(resolve));
		expect(writes).toEqual(['a\nb\nc\n']);
		stream.write('d\n');
		await new Promise((resolve) => setImmediate(resolve));
		expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
	});

	it('loses no line written just before the process exits', () => {
		const module = fileURLToPath(new URL('./log-stream.ts', import.meta.url));
		const child = spawnSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'--input-type=module',
				'-e',
				`const { coalescedStdout } = await import(${JSON.stringify(module)});
				const out = coalescedStdout();
				for (let i = 1; i <= 3; i++) out.write('line ' + i + '\\n');
				process.exit(0);`
			],
			{ encoding: 'utf8' }
		);
		expect(child.stderr).toBe('');
		expect(child.stdout).toBe('line 1\nline 2\nline 3\n');
	});
});
