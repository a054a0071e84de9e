/**
 * What use cases publish after commit. One kind today (a live game changed); the runner
 * publishes every event a use case declares, once its transaction has committed.
 */
import type { Db } from '../db/client';
import { publishLive } from './bus';

export type DomainEvent = { kind: 'live-game'; gameId: number };

export async function publishEvents(db: Db, events: readonly DomainEvent[]): Promise<void> {
	for (const event of events) {
		if (event.kind === 'live-game') await publishLive(db, event.gameId);
	}
}
