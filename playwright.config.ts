import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests run in Chromium against the BUILT app (adapter-node), started once per run
// on embedded PGlite in a data folder that tests/e2e/serve.mjs wipes first, so every run begins
// from the demo data. E2E_PORT picks another port; E2E_REUSE_SERVER=1 reuses a server already
// listening there (its data is then whatever that server has).
const port = Number(process.env.E2E_PORT) || 4173;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = join(tmpdir(), 'guong-sang-e2e', String(port));

// Debian's Chromium where it is installed (no browser download is possible on CI); otherwise
// Playwright's own. CHROMIUM_PATH points at another binary.
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const systemChromium = existsSync(chromiumPath) ? chromiumPath : undefined;

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
		{
			name: 'chromium',
			use: {
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
			}
		}
	],
	webServer: {
		// Build once, then start the way production does (scripts/start.js serves build/).
		command: 'npx vite build --logLevel warn && node tests/e2e/serve.mjs',
		url: `${baseURL}/healthz`,
		reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
		timeout: 300_000,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATA_DIR: dataDir,
			E2E_WIPE_DATA_DIR: '1',
			// Always the embedded database with demo data, whatever the shell has set.
			DATABASE_URL: '',
			SEED_DEMO: '1'
		}
	}
});
