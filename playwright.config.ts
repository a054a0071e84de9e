import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_METRICS_TOKEN, ports } from './tests/e2e/ports';

// End-to-end tests run in Chromium against the BUILT app (adapter-node), started once per run
// on embedded PGlite in a data folder that tests/e2e/serve.mjs wipes first, so every run begins
// from the demo data. E2E_PORT picks another port; E2E_REUSE_SERVER=1 reuses a server already
// listening there (its data is then whatever that server has).
const port = ports.app;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = join(tmpdir(), 'guong-sang-e2e', String(port));
// Both app servers send e-mail to one real SMTP server (tests/e2e/mail-sink.mjs), which tests
// read over HTTP (`mailsTo` in support.ts).
const mailSink = { smtpPort: ports.mailSinkSmtp, httpPort: ports.mailSinkHttp };
const smtpUrl = `smtp://127.0.0.1:${mailSink.smtpPort}`;

// Debian's Chromium where it is installed (no browser download is possible on CI); otherwise
// Playwright's own. CHROMIUM_PATH points at another binary.
// With TEST_DATABASE_URL (as in CI), a second server runs on PostgreSQL in a database of its own.
const postgres = process.env.TEST_DATABASE_URL
	? (() => {
			const url = new URL(process.env.TEST_DATABASE_URL);
			url.pathname = `/gs_e2e_${port}`;
			return { baseURL: `http://127.0.0.1:${ports.appPostgres}`, databaseUrl: url.toString() };
		})()
	: null;

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const systemChromium = existsSync(chromiumPath) ? chromiumPath : undefined;

const browser = {
	...devices['Desktop Chrome'],
	launchOptions: {
		executablePath: systemChromium,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	}
};

/** The app's request lines stay out of the run's output; metrics.spec.ts scrapes with the token. */
const observability = {
	LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
	METRICS_TOKEN: E2E_METRICS_TOKEN
};

const serverOptions = {
	reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
	timeout: 300_000,
	stdout: 'pipe' as const,
	stderr: 'pipe' as const,
	gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 }
};

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	// Spec files run side by side on two workers; tests inside a file run in order.
	fullyParallel: false,
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		// Two app processes on one database need a PostgreSQL server (LISTEN/NOTIFY between them).
		{ name: 'pglite', use: { ...browser, baseURL }, testIgnore: [/live-two-nodes\.spec/] },
		// The same business flows against a PostgreSQL server, when one is given.
		...(postgres
			? [
					{
						name: 'postgres',
						use: { ...browser, baseURL: postgres.baseURL },
						// Layout and accessibility do not depend on the database: checked once, on the first.
						testIgnore: [/embedded-db\.spec/, /hall\.spec/, /accessibility\.spec/, /phone-.*\.spec/]
					}
				]
			: [])
	],
	webServer: [
		{
			command: 'node tests/e2e/mail-sink.mjs',
			url: `http://127.0.0.1:${mailSink.httpPort}/healthz`,
			...serverOptions,
			env: {
				MAIL_SINK_SMTP_PORT: String(mailSink.smtpPort),
				MAIL_SINK_HTTP_PORT: String(mailSink.httpPort)
			}
		},
		{
			// Build once, then start the way production does (scripts/start.js serves build/).
			command: 'npx vite build --logLevel warn && node tests/e2e/serve.mjs',
			url: `${baseURL}/healthz`,
			...serverOptions,
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: baseURL,
				DATA_DIR: dataDir,
				E2E_WIPE_DATA_DIR: '1',
				// Always the embedded database with demo data, whatever the shell has set.
				DATABASE_URL: '',
				SEED_DEMO: '1',
				SMTP_URL: smtpUrl,
				...observability
			}
		},
		...(postgres
			? [
					{
						// Waits for the first server's build (it polls the first server's health).
						command: `node tests/e2e/wait-for.mjs ${baseURL}/healthz && node tests/e2e/serve.mjs`,
						url: `${postgres.baseURL}/healthz`,
						...serverOptions,
						env: {
							PORT: String(ports.appPostgres),
							HOST: '127.0.0.1',
							ORIGIN: postgres.baseURL,
							// Node A of the two-node live test is reached through nginx there too.
							EXTRA_ORIGINS: `http://127.0.0.1:${ports.nginx}`,
							DATABASE_URL: postgres.databaseUrl,
							E2E_RESET_DATABASE: '1',
							SEED_DEMO: '1',
							SMTP_URL: smtpUrl,
							...observability
						}
					}
				]
			: [])
	]
});
