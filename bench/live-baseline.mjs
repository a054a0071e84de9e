#!/usr/bin/env node
// The baseline for bench/live.ts: a bare node:http SSE server. GET …/su-kien holds a connection;
// POST /broadcast writes the request body as one event to every connection; POST …/tra-loi reads
// a form body and answers as the app's answer route does, with nothing stored. No framework, no
// database. It listens with the app's backlog, so both meet a burst of connections alike. Its
// paths end as the app's do, so the deployment's nginx site proxies both alike (streams
// unbuffered).
import { createServer } from 'node:http';
import { listen } from '../scripts/server.js';

const clients = new Set();
const server = createServer((req, res) => {
	if (req.method === 'GET' && req.url?.endsWith('/su-kien')) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		res.write('retry: 1000\n\n');
		clients.add(res);
		req.on('close', () => clients.delete(res));
		return;
	}
	if (req.method === 'POST' && req.url === '/broadcast') {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const event = `event: state\ndata: ${Buffer.concat(chunks).toString()}\n\n`;
			for (const client of clients) client.write(event);
			res.end(String(clients.size));
		});
		return;
	}
	if (req.method === 'POST' && req.url?.endsWith('/tra-loi')) {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const position = new URLSearchParams(Buffer.concat(chunks).toString()).get('position');
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ answered: Number(position) }));
		});
		return;
	}
	res.end('ok');
});
server.maxConnections = 100_000;
await listen(server, { port: Number(process.env.PORT), host: '127.0.0.1' });
