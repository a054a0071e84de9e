// Debian's nginx with the deployment's own site file (deploy/nginx/guong-sang.conf), for tests:
// the file is rendered with its ports replaced (the listening port, the two nodes' ports) and
// nothing else, and included from a main configuration that gives nginx a prefix, pid file,
// temporary folders and error log of its own under a temp folder, so it runs in the foreground
// without root and without touching /etc/nginx.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_FILE = fileURLToPath(
	new URL('../../deploy/nginx/guong-sang.conf', import.meta.url)
);

/** Debian's nginx (`nginx-light` or `nginx`), or null where it is not installed. */
export const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;

/** Replaces `from` by `to`, which must occur exactly once (a changed file fails loudly here). */
function replaceOnce(text: string, from: string, to: string): string {
	const parts = text.split(from);
	if (parts.length !== 2)
		throw new Error(`${SITE_FILE}: expected "${from}" once, found ${parts.length - 1}`);
	return parts.join(to);
}

/** The site file with its ports replaced: nginx on `port` (loopback), the nodes on `nodes`. */
export function renderSite(port: number, nodes: readonly [number, number]): string {
	let site = readFileSync(SITE_FILE, 'utf8');
	site = replaceOnce(site, 'listen 80;', `listen 127.0.0.1:${port};`);
	site = replaceOnce(site, 'server 127.0.0.1:3001 ', `server 127.0.0.1:${nodes[0]} `);
	site = replaceOnce(site, 'server 127.0.0.1:3002 ', `server 127.0.0.1:${nodes[1]} `);
	return site;
}

export interface NginxPrefix {
	dir: string;
	/** The main configuration, which includes the rendered site file. */
	config: string;
	/** `nginx` arguments that use this prefix and configuration. */
	args: string[];
	remove(): void;
}

/**
 * nginx's own limits, which the site file cannot set (they belong to the main configuration):
 * the tests need one worker; a hall takes up to four connections per phone (its stream and its
 * answer, each with the node's side).
 */
export interface NginxWorkers {
	processes: number | 'auto';
	connections: number;
	/** Open files per worker; unset keeps the system's. */
	openFiles?: number;
}

const TEST_WORKERS: NginxWorkers = { processes: 1, connections: 1024 };

/** What deploy/nginx/hall-limits.sh sets in Debian's nginx.conf for a hall of 10,000 phones. */
export const HALL_WORKERS: NginxWorkers = {
	processes: 'auto',
	connections: 40_960,
	openFiles: 65_536
};

export const HALL_LIMITS_SCRIPT = fileURLToPath(
	new URL('../../deploy/nginx/hall-limits.sh', import.meta.url)
);

/** A temp folder holding the rendered site and a main configuration around it. */
export function nginxPrefix(
	port: number,
	nodes: readonly [number, number],
	workers = TEST_WORKERS
): NginxPrefix {
	const dir = mkdtempSync(join(tmpdir(), 'guong-sang-nginx-'));
	// Run as root (CI), nginx's workers are `nobody`: they must reach the temp folders in here.
	chmodSync(dir, 0o755);
	writeFileSync(join(dir, 'guong-sang.conf'), renderSite(port, nodes));
	const config = join(dir, 'nginx.conf');
	// What Debian's /etc/nginx/nginx.conf gives the site file, with paths of its own.
	writeFileSync(
		config,
		[
			'daemon off;',
			`worker_processes ${workers.processes};`,
			...(workers.openFiles ? [`worker_rlimit_nofile ${workers.openFiles};`] : []),
			`pid ${join(dir, 'nginx.pid')};`,
			'error_log stderr warn;',
			`events { worker_connections ${workers.connections}; }`,
			'http {',
			'\taccess_log off;',
			`\tclient_body_temp_path ${join(dir, 'client_body')};`,
			`\tproxy_temp_path ${join(dir, 'proxy')};`,
			`\tfastcgi_temp_path ${join(dir, 'fastcgi')};`,
			`\tuwsgi_temp_path ${join(dir, 'uwsgi')};`,
			`\tscgi_temp_path ${join(dir, 'scgi')};`,
			`\tinclude ${join(dir, 'guong-sang.conf')};`,
			'}',
			''
		].join('\n')
	);
	return {
		dir,
		config,
		args: ['-p', dir, '-e', 'stderr', '-c', config],
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

/** `nginx -t` on a prefix: its exit code and what it said. */
export function checkNginx(prefix: NginxPrefix): { status: number | null; output: string } {
	const result = spawnSync(nginxBinary!, ['-t', ...prefix.args], { encoding: 'utf8' });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface RunningNginx {
	url: string;
	proc: ChildProcess;
	output(): string;
	stop(): Promise<void>;
}

/** nginx in the foreground on `port` in front of `nodes`; ready once it answers. */
export async function startNginx(
	port: number,
	nodes: readonly [number, number],
	workers = TEST_WORKERS
): Promise<RunningNginx> {
	const prefix = nginxPrefix(port, nodes, workers);
	const proc = spawn(nginxBinary!, prefix.args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
	proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
	const exited = new Promise((resolve) => proc.once('exit', resolve));
	const url = `http://127.0.0.1:${port}`;
	for (let look = 0; ; look++) {
		if (proc.exitCode !== null) throw new Error(`nginx exited (${proc.exitCode}): ${output}`);
		try {
			await fetch(`${url}/healthz`);
			break;
		} catch {
			if (look >= 100) throw new Error(`nginx did not answer on ${port}: ${output}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	return {
		url,
		proc,
		output: () => output,
		stop: async () => {
			// SIGTERM: nginx's fast stop (its graceful SIGQUIT would wait for open event streams).
			if (proc.exitCode === null) proc.kill('SIGTERM');
			await exited;
			prefix.remove();
		}
	};
}
