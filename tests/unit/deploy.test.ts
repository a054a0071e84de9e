import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownDeadline } from '../../scripts/server.js';
import { checkNginx, nginxBinary, nginxPrefix, renderSite, SITE_FILE } from '../e2e/nginx';

// The deployment files (deploy/) as their own tools read them. `.ci/run` installs both tools;
// elsewhere a missing one skips its test and says so in the test's name.
const UNIT_FILE = new URL('../../deploy/guong-sang.service', import.meta.url).pathname;
const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) =>
	existsSync(p)
);
const temps: string[] = [];

afterEach(() => {
	for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `Key=value` lines of a unit's [Service] section. */
function serviceSettings(unit: string): Map<string, string[]> {
	const settings = new Map<string, string[]>();
	let section = '';
	for (const line of unit.split('\n').map((l) => l.trim())) {
		if (line.startsWith('[')) section = line;
		else if (section === '[Service]' && /^\w+=/.test(line)) {
			const [key, ...value] = line.split('=');
			settings.set(key!, [...(settings.get(key!) ?? []), value.join('=')]);
		}
	}
	return settings;
}

describe.skipIf(!systemdAnalyze)(
	`the systemd unit${systemdAnalyze ? '' : ' (skipped: systemd-analyze is missing; Debian package systemd)'}`,
	() => {
		it('passes systemd-analyze verify without a warning', () => {
			// Only the path of node differs from machine to machine (verify checks it is there).
			const unit = readFileSync(UNIT_FILE, 'utf8');
			expect(unit).toContain('ExecStart=/usr/bin/node scripts/start.js');
			const dir = mkdtempSync(join(tmpdir(), 'guong-sang-unit-'));
			temps.push(dir);
			const file = join(dir, 'guong-sang.service');
			writeFileSync(file, unit.replace('/usr/bin/node ', `${process.execPath} `));
			const result = spawnSync(systemdAnalyze!, ['verify', file], { encoding: 'utf8' });
			expect(`${result.stdout}${result.stderr}`).toBe('');
			expect(result.status).toBe(0);
		});

		it('sends SIGTERM to the node and waits longer than the node may take to stop', () => {
			const settings = serviceSettings(readFileSync(UNIT_FILE, 'utf8'));
			expect(settings.get('KillSignal')).toEqual(['SIGTERM']);
			const [stop] = settings.get('TimeoutStopSec') ?? [];
			expect(Number(stop)).toBeGreaterThan(shutdownDeadline());
			expect(settings.get('EnvironmentFile')).toHaveLength(1);
			expect(Number(settings.get('LimitNOFILE')?.[0])).toBeGreaterThanOrEqual(65536);
		});
	}
);

describe.skipIf(!nginxBinary)(
	`the nginx site file${nginxBinary ? '' : ' (skipped: nginx is missing; Debian package nginx)'}`,
	() => {
		it('passes nginx -t once rendered with the ports of a test', () => {
			const prefix = nginxPrefix(4726, [4721, 4722]);
			temps.push(prefix.dir);
			const { status, output } = checkNginx(prefix);
			expect(output).toContain('test is successful');
			expect(output).not.toContain('[warn]');
			expect(status).toBe(0);
		});

		it('is rendered by replacing its three ports and nothing else', () => {
			const original = readFileSync(SITE_FILE, 'utf8').split('\n');
			const rendered = renderSite(4726, [4721, 4722]).split('\n');
			expect(rendered).toHaveLength(original.length);
			const changed = rendered.filter((line, i) => line !== original[i]);
			expect(changed.map((l) => l.trim())).toEqual([
				'server 127.0.0.1:4721 max_fails=1 fail_timeout=10s;',
				'server 127.0.0.1:4722 max_fails=1 fail_timeout=10s;',
				'listen 127.0.0.1:4726;'
			]);
		});
	}
);
