import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Integration tests (*.db.test.ts) run on embedded PGlite always, and again on a PostgreSQL
// server when TEST_DATABASE_URL is set, so both engines are exercised by one command.
const engines = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		// The app's JSON logs stay out of the test report; tests that read them capture them.
		env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
					exclude: ['src/**/*.db.test.ts']
				}
			},
			...engines.map((engine) => ({
				extends: true as const,
				test: {
					name: `db-${engine}`,
					environment: 'node',
					include: ['src/**/*.db.test.ts'],
					env: { TEST_ENGINE: engine },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}))
		]
	}
});
