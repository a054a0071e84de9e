import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleLabels } from '$lib/shared/labels';
import { demoAccountLines, demoAccounts, DEMO_PASSWORD } from './seed';

// What start-up prints and what the README promises: every demo sign-in, roles in Vietnamese.

describe('the demo sign-ins', () => {
	it('are printed at start-up with the role as the interface names it', () => {
		const lines = demoAccountLines();
		expect(lines[0]).toBe(`Tài khoản dùng thử (mật khẩu chung: ${DEMO_PASSWORD}):`);
		expect(lines).toHaveLength(demoAccounts.length + 1);
		for (const [i, account] of demoAccounts.entries()) {
			expect(lines[i + 1]).toContain(roleLabels[account.role]);
			expect(lines[i + 1]).toContain(account.email);
			expect(lines[i + 1]).not.toMatch(/\b(admin|organizer|officer|judge|member)\b/);
		}
	});

	it('are all in the README’s table', () => {
		const readme = readFileSync(
			join(import.meta.dirname, '..', '..', '..', '..', 'README.md'),
			'utf8'
		);
		for (const account of demoAccounts) expect(readme).toContain(`| ${account.email}`);
	});
});
