/**
 * Reads import files one after the other in a process of its own, for tests of hostile files:
 * run with a small heap (`node --max-old-space-size=… --import tsx`), it prints what the reader
 * gave for each file and how far the process's peak memory grew while reading them. If the
 * reader's memory were not bounded, this process would die, not the test runner.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainError } from '../errors';
import { readImportRows, type ImportSpec } from '../files/import-reader';

const [specJson, ...paths] = process.argv.slice(2) as [string, ...string[]];
const spec = JSON.parse(specJson) as ImportSpec<string>;
const before = process.resourceUsage().maxRSS;
const results: Record<string, object> = {};
for (const path of paths) {
	const bytes = new Uint8Array(readFileSync(path));
	try {
		const sheet = await readImportRows({ name: basename(path), bytes }, spec);
		results[basename(path)] = {
			headerRow: sheet.headerRow,
			count: sheet.rows.length,
			rows: sheet.rows.slice(0, 3)
		};
	} catch (error) {
		if (!(error instanceof DomainError)) throw error;
		results[basename(path)] = { refusal: error.fieldErrors.file?.[0] ?? error.message };
	}
}
const peakGrowthMb = (process.resourceUsage().maxRSS - before) / 1024;
process.stdout.write(JSON.stringify({ results, peakGrowthMb }));
