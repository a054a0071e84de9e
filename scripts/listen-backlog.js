// adapter-node listens with Node's default backlog of 511 pending connections and offers no
// setting for it. A hall of phones sending their answers within the same second opens more new
// connections than that while the server is busy: the kernel drops the rest of their SYNs, and
// a phone retries only after 1, 3, 7 s. Measured by `npm run bench:live` (the kernel's
// TcpExtListenOverflows counter). So every server this process starts listens with the
// kernel's own limit (net.core.somaxconn) unless its caller chose a backlog.
import { readFileSync } from 'node:fs';
import net from 'node:net';

function kernelLimit() {
	try {
		return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || 4096;
	} catch {
		return 4096;
	}
}

const backlog = Number(process.env.LISTEN_BACKLOG) || kernelLimit();
const listen = net.Server.prototype.listen;

/** @this {net.Server} @param {unknown[]} args */
function listenWithBacklog(...args) {
	const [options] = args;
	if (options && typeof options === 'object' && !('backlog' in options))
		args[0] = { ...options, backlog };
	return Reflect.apply(listen, this, args);
}
net.Server.prototype.listen = /** @type {typeof listen} */ (listenWithBacklog);
