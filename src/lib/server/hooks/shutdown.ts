import type { EventEmitter } from 'node:events';
import { settleBatches } from '../db/group-commit';
import { stopLiveHub } from '../live';
import { log } from '../log';
import { endStreams } from '../realtime/sse';
import { stopBackups } from './backups';
import { stopMailer } from './mailer';
import { stopMetrics } from './metrics';
import { stopRetention } from './retention';

/**
 * Emitted by scripts/server.js as soon as a shutdown begins, once it stopped listening: the event
 * streams end then, so that they reconnect to another node instead of holding this one open.
 */
export const DRAINING_EVENT = 'guong-sang:draining';
/** Emitted by the server once it is closed, i.e. every request was answered (adapter-node's). */
export const SHUTDOWN_EVENT = 'sveltekit:shutdown';

/**
 * A node's part of a graceful shutdown, on the server's two events:
 * - draining: every event stream is told to reconnect and ended (`endStreams`);
 * - shutdown: every request was answered, and an answer is sent only after its batch committed,
 *   so what was acknowledged is stored. The batchers are emptied all the same (nothing may be
 *   dropped with the database), a live close already under way and the senders finish, and only
 *   then is the database closed, which lets the embedded one checkpoint and release its folder,
 *   and the process exit.
 * Resolves once the database is closed; a step that failed is logged and sets a failing exit code.
 */
export function shutDownWith(
	events: EventEmitter,
	closeDatabase: () => Promise<void>
): Promise<void> {
	events.once(DRAINING_EVENT, () => {
		const streams = endStreams();
		log().info({ streams }, 'shutting down: event streams told to reconnect elsewhere');
	});
	return new Promise((resolve) => {
		events.once(SHUTDOWN_EVENT, () => {
			// adapter-node's own server (`node build`) emits only this one.
			endStreams();
			stopMetrics();
			void (async () => {
				try {
					await Promise.all([
						settleBatches(),
						stopLiveHub(),
						stopMailer(),
						stopBackups(),
						stopRetention()
					]);
				} finally {
					await closeDatabase();
				}
				log().info('shut down');
			})()
				.catch((error: unknown) => {
					// The process still exits (nothing holds it), with a code that says it went wrong.
					log().error({ err: error }, 'shutdown failed');
					process.exitCode = 1;
				})
				.finally(resolve);
		});
	});
}
