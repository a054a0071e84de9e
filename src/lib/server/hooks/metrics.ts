import type { Config } from '../config';
import type { Database } from '../db/client';
import { countRunningGames } from '../live';
import { setScrapeSources } from '../metrics';
import { outboxBacklog } from '../notifications';

/** What /metrics reads from the database at scrape time (and never per request). */
export function startMetrics(
	database: Database,
	config: Config,
	clock: () => Date = () => new Date()
) {
	setScrapeSources({
		engine: database.engine,
		poolSize: database.engine === 'postgres' ? config.poolSize : 1,
		outbox: () => outboxBacklog(database.db, clock()),
		liveGames: () => countRunningGames(database.db),
		connections: database.connections
	});
}

export function stopMetrics() {
	setScrapeSources(null);
}
