import type { Database } from '../db/client';
import { log } from '../log';
import { startRetentionSchedule, type RetentionSchedule } from '../privacy';

let schedule: RetentionSchedule | null = null;

/**
 * Erases contact data past each contest's and campaign's retention period: on start, then hourly.
 * Every node starts it; the job's lock (privacy/repo.ts) lets one node at a time do the work.
 */
export function startRetention(database: Database) {
	schedule = startRetentionSchedule(database.db, {
		clock: () => new Date(),
		onRun: (run) => {
			if (run.contests.length || run.campaigns.length)
				log().info(
					{ contests: run.contests.length, campaigns: run.campaigns.length },
					'personal data erased past retention'
				);
		},
		onError: (error) => log().error({ err: error }, 'retention run failed')
	});
}

export async function stopRetention() {
	await schedule?.stop();
	schedule = null;
}
