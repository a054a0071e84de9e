#!/usr/bin/env node
// `npm start`: builds when the build is missing or older than the sources, then serves it from
// our own node:http server (scripts/server.js) around adapter-node's `build/handler.js`
// (PORT, HOST, ORIGIN, BODY_SIZE_LIMIT as adapter-node reads them; DATA_DIR or DATABASE_URL for
// the database).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openFileAdvice, openFileLimit } from './fd-limit.js';
import { createAppServer, listen, shutDownGracefully, shutdownDeadline } from './server.js';

const root = new URL('..', import.meta.url).pathname;
const builtEntry = join(root, 'build', 'handler.js');
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
// Each phone in a live game holds a connection: say so when the system allows too few.
const advice = openFileAdvice(openFileLimit());
if (advice) console.log(advice);

// The node routes use the app's own database and live hub, so they must come from inside the
// built app: its server code is one bundle whose chunks have hashed names, and a second copy
// built apart would open a second database (PGlite allows one per folder) and a second live hub
// that hears none of the first one's events. The app's `init` hook builds them and announces
// them with this process event (as adapter-node announces `sveltekit:shutdown` to the app).
// Importing the handler runs `init` (adapter-node awaits `server.init` when handler.js loads), so
// the routes are here once the import is done. Without this listener (`vite dev`, or
// `node build`) nobody takes them and SvelteKit's routes for the same paths answer.
/** @type {import('./server.js').NodeRoute[]} */
let routes = [];
process.once('guong-sang:node-routes', (/** @type {typeof routes} */ announced) => {
	routes = announced;
});
try {
	const { handler } = await import(builtEntry);
	const server = createAppServer(handler, routes);
	shutDownGracefully(server);
	// The last resort: a shutdown still not done 10 s past SHUTDOWN_TIMEOUT (something held the
	// process open) ends here, before systemd's TimeoutStopSec (deploy/guong-sang.service) kills
	// it. Unreferenced: a clean shutdown exits without waiting for it.
	const lastResort = shutdownDeadline();
	for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT']))
		process.once(signal, () => {
			setTimeout(() => {
				console.error(`Không dừng được trong ${lastResort} giây: thoát ngay.`);
				process.exit(1);
			}, lastResort * 1000).unref();
		});
	const port = Number(process.env.PORT);
	const host = process.env.HOST || '0.0.0.0';
	const address = await listen(server, { port, host });
	const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	console.log(`Listening on http://${shown}:${address.port}`);
} catch (error) {
	// A refused start (folder in use, database unreachable, port taken) reads as one clear line.
	console.error(`\nKhông thể khởi động: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
