#!/usr/bin/env node
// `npm start`: builds when the build is missing or older than the sources, then serves it with
// adapter-node (PORT, HOST, ORIGIN, BODY_SIZE_LIMIT as adapter-node reads them; DATA_DIR or
// DATABASE_URL for the database).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const builtEntry = join(root, 'build', 'index.js');
const sources = ['src', 'static', 'drizzle', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(newest, name) => Math.max(newest, newestChange(join(path, name))),
		stat.mtimeMs
	);
}

const builtAt = existsSync(builtEntry) ? statSync(builtEntry).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newestChange(join(root, s))));
if (builtAt < changedAt) {
	console.log(builtAt ? 'Mã nguồn đã thay đổi, đang build lại…' : 'Đang build ứng dụng lần đầu…');
	const result = spawnSync(
		process.execPath,
		[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
		{
			cwd: root,
			stdio: 'inherit'
		}
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.BODY_SIZE_LIMIT ??= '12M';
process.env.PORT ??= '3000';
// Without ORIGIN adapter-node assumes https, and sign-in over plain http on localhost would fail
// the origin check. Behind a proxy set ORIGIN to the public address.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
if (!process.env.DATABASE_URL) process.env.DATA_DIR ??= join(root, 'data');
process.chdir(root);
console.log(`Gương Sáng: ${process.env.ORIGIN}`);
await import('./listen-backlog.js');
const { installNodeRoutes } = await import('./node-routes.js');
try {
	const { server } = await import(builtEntry);
	installNodeRoutes(server.server);
} catch (error) {
	// A refused start (folder in use, database unreachable) reads as one clear line.
	console.error(`\nKhông thể khởi động: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
