import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Servers a spec starts itself (`npm start`, `npm run hall`) on a data folder of its own.
//
// They run a snapshot of the app (scripts/, build/, drizzle/, package.json and a link to
// node_modules) copied to a temp folder after the webServer step has built it: start.js rebuilds
// when the sources look newer than the build, and a rebuild here, in the middle of the run, would
// replace build/ under the web server the other specs are using.

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function snapshotApp(): string {
	const root = mkdtempSync(join(tmpdir(), 'guong-sang-e2e-app-'));
	for (const path of ['package.json', 'scripts', 'drizzle']) {
		cpSync(join(projectRoot, path), join(root, path), { recursive: true });
	}
	symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
	cpSync(join(projectRoot, 'build'), join(root, 'build'), { recursive: true });
	// Newer than everything start.js compares it with, so it serves this build as it is.
	const later = new Date(Date.now() + 60_000);
	utimesSync(join(root, 'build', 'handler.js'), later, later);
	return root;
}

export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export interface AppProcess {
	proc: ChildProcess;
	url: string;
	exited: Promise<Exit>;
	output(): string;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Starts and stops the servers of one spec file, all from one snapshot of the app. */
export class AppProcesses {
	root = '';
	private started: AppProcess[] = [];

	/** Runs `script` (scripts/start.js, scripts/hall.js) on embedded PGlite in `dataDir`. */
	start(
		script: string,
		{ port, dataDir, env = {} }: { port: number; dataDir: string; env?: NodeJS.ProcessEnv }
	): AppProcess {
		this.root ||= snapshotApp();
		const proc = spawn(process.execPath, [script], {
			cwd: this.root,
			env: {
				...process.env,
				PORT: String(port),
				DATA_DIR: dataDir,
				DATABASE_URL: '',
				SEED_DEMO: '1',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<Exit>((resolve) =>
			proc.once('exit', (code, signal) => resolve({ code, signal }))
		);
		const app = { proc, url: `http://127.0.0.1:${port}`, exited, output: () => output };
		this.started.push(app);
		return app;
	}

	/** Stops every server still running (SIGTERM, then SIGKILL after 10 s) and removes the snapshot. */
	async stopAll(): Promise<void> {
		for (const app of this.started) {
			if (app.proc.exitCode === null && app.proc.signalCode === null) {
				app.proc.kill('SIGTERM');
				const exit = await Promise.race([app.exited, sleep(10_000).then(() => null)]);
				if (!exit) app.proc.kill('SIGKILL');
			}
		}
		if (this.root) rmSync(this.root, { recursive: true, force: true });
	}
}

export async function waitHealthy(app: AppProcess, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (app.proc.exitCode !== null || app.proc.signalCode !== null) {
			throw new Error(
				`server exited (${app.proc.exitCode ?? app.proc.signalCode}):\n${app.output()}`
			);
		}
		try {
			const response = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	throw new Error(`server not healthy after ${timeoutMs} ms:\n${app.output()}`);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return Promise.race([
		promise,
		sleep(ms).then(() => {
			throw new Error(`timed out after ${ms} ms: ${what}`);
		})
	]);
}
