import { isBackupDue } from './rules';
import { listBackupFiles, pruneBackups, writeBackup, type BackupSetup } from './store';

const NOTHING = { taken: null, deleted: [] as string[] };

/**
 * One turn of the schedule at `now`: a backup when the newest is an interval old (or there is
 * none), then retention. Returns what it did, for the log and the tests. One node at a time: a
 * node that finds another at it skips its turn, and the newest is looked at under the lock.
 */
export async function runScheduledBackup(setup: BackupSetup, now: Date) {
	const turn = await setup.exclusive(async () => {
		const newest = (await listBackupFiles(setup.dir))[0]?.takenAt ?? null;
		if (!isBackupDue(newest, now, setup.intervalHours)) return NOTHING;
		const taken = await writeBackup(setup, now);
		return { taken: taken?.name ?? null, deleted: await pruneBackups(setup.dir, setup.keep) };
	});
	return turn?.value ?? NOTHING;
}

export interface BackupSchedule {
	stop(): Promise<void>;
}

/**
 * Looks once a minute whether a backup is due (a node that was down catches up within a minute of its start);
 * one turn at a time, and stop waits for a running one, so the database closes after it.
 */
export function startBackupSchedule(
	setup: BackupSetup,
	options: {
		clock: () => Date;
		onError: (error: unknown) => void;
		onTaken?: (name: string) => void;
		everyMs?: number;
	}
): BackupSchedule {
	let running: Promise<void> | null = null;
	const turn = () => {
		running ??= runScheduledBackup(setup, options.clock())
			.then(({ taken }) => void (taken && options.onTaken?.(taken)))
			.catch(options.onError)
			.finally(() => (running = null));
	};
	const timer = setInterval(turn, options.everyMs ?? 60_000);
	timer.unref();
	return {
		stop: async () => {
			clearInterval(timer);
			await running;
		}
	};
}
