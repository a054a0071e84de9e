/**
 * The event bus of live games. Services publish after their transaction commits. On one node
 * (embedded database) delivery is in-process; on PostgreSQL every node LISTENs and a publish
 * is a NOTIFY, which reaches this node too, so there is one delivery path per mode.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { log } from '../log';

export const LIVE_CHANNEL = 'live_games';

type Handler = (gameId: number) => void;
type ReconnectHandler = () => void;

const handlers = new Set<Handler>();
const reconnectHandlers = new Set<ReconnectHandler>();
let mode: 'local' | 'notify' = 'local';

export function onLiveEvent(handler: Handler): () => void {
	handlers.add(handler);
	return () => handlers.delete(handler);
}

/** Called when the listening connection comes back: notifications may have been missed. */
export function onBusReconnect(handler: ReconnectHandler): () => void {
	reconnectHandlers.add(handler);
	return () => reconnectHandlers.delete(handler);
}

export function deliver(gameId: number) {
	for (const handler of handlers) {
		try {
			handler(gameId);
		} catch (error) {
			log().error({ err: error, gameId }, 'live event handler failed');
		}
	}
}

export function busReconnected() {
	for (const handler of reconnectHandlers) handler();
}

/** Switches publishing to NOTIFY once this node is listening (PostgreSQL). */
export function useNotify(enabled: boolean) {
	mode = enabled ? 'notify' : 'local';
}

/** Never inside a transaction: callers publish after commit, so screens read committed state. */
export async function publishLive(db: Db, gameId: number): Promise<void> {
	if (mode === 'local') {
		deliver(gameId);
		return;
	}
	try {
		await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(gameId)})`);
	} catch (error) {
		// The change is committed; screens catch up on their next event or reconnect.
		log().error({ err: error, gameId }, 'NOTIFY failed');
		deliver(gameId);
	}
}
