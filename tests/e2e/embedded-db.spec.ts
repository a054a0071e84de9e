import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	AppProcesses,
	freePort,
	sleep,
	waitHealthy,
	withTimeout,
	type AppProcess
} from './app-process';
import { DEMO_PASSWORD, runStamp } from './support';
import { solve } from '../../src/lib/proof';

// The embedded database (PGlite) in a data folder: a second process on the same folder must be
// refused, and a server killed with SIGKILL in the middle of writes must come back on its data.
// No browser: these start their own servers with `node scripts/start.js` on a data folder of
// their own (./app-process.ts).

const apps = new AppProcesses();

async function startApp(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
	const port = await freePort();
	return apps.start('scripts/start.js', {
		port,
		dataDir,
		env: { HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, ...env }
	});
}

/** A plain browser form post: same-site Origin, HTML accepted, redirects not followed. */
function postForm(app: AppProcess, path: string, fields: Record<string, string>, cookie?: string) {
	return fetch(`${app.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: app.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields),
		signal: AbortSignal.timeout(30_000)
	});
}

/** Registers as the browser does: the form carries a solved proof of work (as $lib/proof solves it). */
async function registerAccount(app: AppProcess, email: string, fullName: string) {
	const challenge = await fetch(`${app.url}/api/tai-khoan/thu-thach`);
	const altcha = (await solve(await challenge.json()))!;
	return postForm(app, '/dang-ky', {
		altcha,
		fullName,
		email,
		phone: '',
		unitId: '',
		password: 'MatKhau@TruocKhiTat',
		passwordConfirm: 'MatKhau@TruocKhiTat',
		consent: 'on'
	});
}

/** Signs in with a plain form post; returns the session cookie. */
async function signInCookie(app: AppProcess, email: string, password: string): Promise<string> {
	const response = await postForm(app, '/dang-nhap', { email, password, redirectTo: '/tai-khoan' });
	expect(response.status, `sign-in of ${email}`).toBe(303);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('gs_session='));
	expect(cookie, `session cookie for ${email}`).toBeTruthy();
	return cookie!.split(';')[0]!;
}

test.describe('embedded database folder', () => {
	test.describe.configure({ mode: 'serial', timeout: 300_000 });

	let dataDir = '';
	let first: AppProcess;

	test.beforeAll(() => {
		dataDir = mkdtempSync(join(tmpdir(), 'guong-sang-e2e-data-'));
	});

	test.afterAll(async () => {
		await apps.stopAll();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('a second server on the same folder refuses to start', async () => {
		first = await startApp(dataDir);
		await waitHealthy(first);

		const second = await startApp(dataDir);
		const exit = await withTimeout(second.exited, 120_000, 'second server to exit');
		expect(exit.code, second.output()).not.toBe(0);
		expect(exit.code, second.output()).not.toBeNull();
		expect(second.output()).toContain('đang được tiến trình');
		expect(second.output()).toContain(String(first.proc.pid));

		// The first server is untouched.
		const health = await fetch(`${first.url}/healthz`);
		expect(health.status).toBe(200);
	});

	test('a server killed with SIGKILL during writes restarts on its data', async () => {
		const created: { email: string; fullName: string }[] = [];
		const errors: string[] = [];
		let stop = false;

		// Two writers register accounts back to back until the server dies under them.
		const writer = async (name: string) => {
			for (let i = 0; i < 500 && !stop; i++) {
				const email = `truoc-khi-tat-${name}-${i}-${runStamp()}@example.vn`;
				const fullName = `Người Dùng ${name.toUpperCase()} ${i}`;
				try {
					const response = await registerAccount(first, email, fullName);
					if (response.status === 303) created.push({ email, fullName });
					else errors.push(`register answered ${response.status}: ${await response.text()}`);
				} catch (error) {
					// Connection refused or reset once the server is gone; anything before is a failure.
					if (!first.proc.killed) errors.push(String(error));
					return;
				}
			}
		};
		const writers = [writer('a'), writer('b')];

		// Kill once some writes are in and others are in flight.
		const deadline = Date.now() + 120_000;
		while (created.length < 6 && errors.length === 0 && Date.now() < deadline) await sleep(20);
		expect(errors).toEqual([]);
		expect(created.length, first.output()).toBeGreaterThanOrEqual(6);
		first.proc.kill('SIGKILL');
		const exit = await withTimeout(first.exited, 30_000, 'killed server to exit');
		expect(exit.signal).toBe('SIGKILL');
		stop = true;
		await Promise.all(writers);
		expect(errors).toEqual([]);

		// Same folder, a new process: the lock left behind by the dead one is taken over.
		const restarted = await startApp(dataDir);
		await waitHealthy(restarted);

		// Every account whose registration was answered before the kill signs in.
		for (const account of [created[0]!, created[created.length - 1]!]) {
			const cookie = await signInCookie(restarted, account.email, 'MatKhau@TruocKhiTat');
			const page = await fetch(`${restarted.url}/tai-khoan`, {
				headers: { cookie },
				redirect: 'manual'
			});
			expect(page.status).toBe(200);
			expect(await page.text()).toContain(account.fullName);
		}
		// The demo data is still there, and the database still takes writes.
		await signInCookie(restarted, 'quantri@guongsang.vn', DEMO_PASSWORD);
		const after = await registerAccount(
			restarted,
			`sau-khi-tat-${runStamp()}@example.vn`,
			'Sau Khi Tắt'
		);
		expect(after.status).toBe(303);
		// Not one answered registration was lost.
		for (const account of created) {
			await signInCookie(restarted, account.email, 'MatKhau@TruocKhiTat');
		}
	});

	test('SIGTERM during writes: streams told to reconnect, answered writes kept, exit 0, folder released', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'guong-sang-e2e-data-'));
		try {
			// Connections are never cut by the timeout here: the stream must end because it was told to.
			const app = await startApp(folder, { SHUTDOWN_TIMEOUT: '600' });
			await waitHealthy(app);

			// A big screen follows the demo game (its public stream, served by SvelteKit).
			const host = await signInCookie(app, 'tochuc@guongsang.vn', DEMO_PASSWORD);
			const games = await (
				await fetch(`${app.url}/quan-tri/rung-chuong-vang`, { headers: { cookie: host } })
			).text();
			const code = /\/man-hinh\/([A-Z0-9]{6})/.exec(games)?.[1];
			expect(code, 'a demo game on the host page').toBeTruthy();
			const stream = await fetch(`${app.url}/man-hinh/${code}/su-kien`);
			expect(stream.status).toBe(200);
			const streamed = stream.text();

			const created: { email: string }[] = [];
			const errors: string[] = [];
			let stopping = false;
			const writer = async (name: string) => {
				for (let i = 0; i < 500; i++) {
					const email = `khi-dung-${name}-${i}-${runStamp()}@example.vn`;
					try {
						const response = await registerAccount(app, email, `Người Dừng ${name} ${i}`);
						if (response.status === 303) created.push({ email });
						else errors.push(`register answered ${response.status}`);
					} catch (error) {
						// Refused once the node stopped listening; anything before is a failure.
						if (!stopping) errors.push(String(error));
						return;
					}
				}
			};
			const writers = [writer('a'), writer('b')];
			// Up to 6,000 looks 20 ms apart (about two minutes on a loaded machine), no wall clock.
			for (let look = 0; look < 6000 && created.length < 4 && errors.length === 0; look++)
				await sleep(20);
			expect(errors).toEqual([]);
			stopping = true;
			app.proc.kill('SIGTERM');

			// The stream is told to reconnect and ends, and the process exits 0 before systemd's
			// TimeoutStopSec (deploy/guong-sang.service) would kill it.
			const text = await withTimeout(streamed, 45_000, 'the stream to end');
			expect(text).toContain('event: reconnect\ndata: {"reason":"shutdown"}');
			const exit = await withTimeout(app.exited, 45_000, 'the stopped server to exit');
			expect(exit, app.output()).toEqual({ code: 0, signal: null });
			await Promise.all(writers);
			expect(errors).toEqual([]);
			expect(existsSync(join(folder, 'guong-sang.lock'))).toBe(false);

			// The folder opens again (no lock to take over), with every answered registration.
			const again = await startApp(folder);
			await waitHealthy(again);
			for (const account of created)
				await signInCookie(again, account.email, 'MatKhau@TruocKhiTat');
		} finally {
			await apps.stopAll();
			rmSync(folder, { recursive: true, force: true });
		}
	});
});
