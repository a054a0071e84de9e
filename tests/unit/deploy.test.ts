import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownDeadline } from '../../scripts/server.js';
import {
	checkNginx,
	HALL_LIMITS_SCRIPT,
	HALL_WORKERS,
	nginxBinary,
	nginxPrefix,
	renderSite,
	SITE_FILE
} from '../e2e/nginx';

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

/** Debian's own main configuration, which the hall's limits are written into. */
const DEBIAN_NGINX_CONF = '/etc/nginx/nginx.conf';
const debianNginx = nginxBinary && existsSync(DEBIAN_NGINX_CONF);

/** A copy of `text` after deploy/nginx/hall-limits.sh ran on it `times` times. */
function withHallLimits(text: string, times = 1): string {
	const dir = mkdtempSync(join(tmpdir(), 'guong-sang-nginx-conf-'));
	temps.push(dir);
	const file = join(dir, 'nginx.conf');
	writeFileSync(file, text);
	for (let i = 0; i < times; i++) {
		const result = spawnSync('sh', [HALL_LIMITS_SCRIPT, file], { encoding: 'utf8' });
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	}
	return readFileSync(file, 'utf8');
}

describe.skipIf(!debianNginx)(
	`nginx's limits for a hall${debianNginx ? '' : ' (skipped: nginx is missing; Debian package nginx)'}`,
	() => {
		it("raises Debian's nginx.conf to the hall's limits, changing nothing else, once", () => {
			const original = readFileSync(DEBIAN_NGINX_CONF, 'utf8');
			const raised = withHallLimits(original, 2);
			const added = raised.split('\n').filter((line) => !original.split('\n').includes(line));
			expect(added.map((l) => l.trim())).toEqual([
				`worker_rlimit_nofile ${HALL_WORKERS.openFiles};`,
				`worker_connections ${HALL_WORKERS.connections};`
			]);
			expect(raised.split('\n')).toHaveLength(original.split('\n').length + 1);
			// A hall of 10,000 phones, four connections each, fits in one worker.
			expect(HALL_WORKERS.connections).toBeGreaterThanOrEqual(4 * 10_000);
			expect(HALL_WORKERS.openFiles).toBeGreaterThanOrEqual(HALL_WORKERS.connections);

			const dir = mkdtempSync(join(tmpdir(), 'guong-sang-nginx-t-'));
			temps.push(dir);
			writeFileSync(join(dir, 'nginx.conf'), raised);
			const result = spawnSync(nginxBinary!, ['-t', '-c', join(dir, 'nginx.conf')], {
				encoding: 'utf8'
			});
			expect(`${result.stdout}${result.stderr}`).toContain('test is successful');
			expect(result.status).toBe(0);
		});

		it('keeps higher values and comments, and finds a one-line events block', () => {
			const raised = withHallLimits(
				[
					'worker_processes 4;',
					'worker_rlimit_nofile 1000;',
					'# worker_connections 5;',
					'events { worker_connections 768; }',
					'http { }',
					''
				].join('\n')
			);
			expect(raised.split('\n')).toEqual([
				'worker_processes 4;',
				`worker_rlimit_nofile ${HALL_WORKERS.openFiles};`,
				'# worker_connections 5;',
				`events { worker_connections ${HALL_WORKERS.connections}; }`,
				'http { }',
				''
			]);
			// Without worker_processes (nginx's default of one), the limit goes first.
			expect(withHallLimits('events { worker_connections 512; }\n')).toBe(
				`worker_rlimit_nofile ${HALL_WORKERS.openFiles};\nevents { worker_connections ${HALL_WORKERS.connections}; }\n`
			);
			const higher =
				'worker_processes 4;\nworker_rlimit_nofile 200000;\nevents { worker_connections 100000; }\n';
			expect(withHallLimits(higher)).toBe(higher);
		});
	}
);
