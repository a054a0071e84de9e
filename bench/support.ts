// What the HTTP benchmarks share: building the app once, waiting for a server, stopping it.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

/** `vite build`, unless `--no-build` is given and a build exists. */
export function buildApp(): void {
	if (process.argv.includes('--no-build') && existsSync(join(root, 'build/index.js'))) {
		console.log('Using the existing build/.');
		return;
	}
	console.log('Building the app (vite build)…');
	const built = spawnSync(
		process.execPath,
		[join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
		{ cwd: root, stdio: 'inherit' }
	);
	if (built.status !== 0) throw new Error('build failed');
}

/** Polls until the server answers below 500, or fails if its process exits first. */
export async function waitFor(
	port: number,
	child: ChildProcess,
	probe: (port: number) => Promise<number>
): Promise<void> {
	for (let i = 0; i < 600; i++) {
		if (child.exitCode !== null) throw new Error(`server on ${port} exited (${child.exitCode})`);
		try {
			if ((await probe(port)) < 500) return;
		} catch {
			// not yet listening
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`server on ${port} did not start`);
}

/** SIGTERM, then SIGKILL after 8 s. */
export function stop(child: ChildProcess | null): Promise<void> {
	if (!child || child.exitCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
