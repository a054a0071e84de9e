import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels } from '../../src/lib/shared/labels';

// Every kind of change the services write to the audit log reads in Vietnamese on its page.

const serverDir = join(import.meta.dirname, '..', '..', 'src', 'lib', 'server');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

const written = new Set<string>();
for (const file of sources(serverDir)) {
	const text = readFileSync(file, 'utf8');
	for (const match of text.matchAll(/writeAudit\([^;]*?action:\s*'([a-z_.]+)'/gs))
		written.add(match[1]!);
	// A use case's name is the action the runner writes.
	for (const match of text.matchAll(/defineUseCase\(\{\s*name:\s*'([a-z_.]+)'/gs))
		written.add(match[1]!);
}
// Live host commands are written as `live.${command.action}`.
for (const action of [
	'start',
	'open',
	'close',
	'reveal',
	'pause',
	'resume',
	'rescue',
	'rescue_question',
	'kick',
	'lock',
	'seat',
	'mark',
	'end'
]) {
	written.add(`live.${action}`);
}
// Dossier actions are written as `nomination.${action}`.
for (const action of ['submit', 'resubmit', 'withdraw', 'forward', 'accept', 'return', 'reject']) {
	written.add(`nomination.${action}`);
}

describe('audit log labels', () => {
	it('finds the actions the services write', () => {
		expect(written.size).toBeGreaterThan(30);
		expect(written).toContain('unit.create');
	});

	for (const action of [...written].sort()) {
		it(`labels ${action}`, () => {
			expect(auditActionLabels[action], action).toBeTruthy();
		});
	}
});
