import type { Db } from '../db/client';
import { runRetention } from './service';

export interface RetentionSchedule {
	stop(): Promise<void>;
}

/**
 * Runs the retention job on start and then every `everyMs` (an hour by default): a node that
 * was down catches up when it starts. One turn at a time; stop waits for a running one, so the
 * database closes after it. Every node runs the schedule, but only one at a time does the work:
 * a run takes the job's lock in its transaction and one that finds it held skips its turn.
 */
export function startRetentionSchedule(
	db: Db,
	options: {
		clock: () => Date;
		onError: (error: unknown) => void;
		onRun?: (run: Awaited<ReturnType<typeof runRetention>>) => void;
		everyMs?: number;
	}
): RetentionSchedule {
	let running: Promise<void> | null = null;
	const turn = () => {
		running ??= runRetention({ db, actor: null, now: options.clock() }, {})
			.then((run) => options.onRun?.(run))
			.catch(options.onError)
			.finally(() => (running = null));
	};
	turn();
	const timer = setInterval(turn, options.everyMs ?? 3_600_000);
	timer.unref();
	return {
		stop: async () => {
			clearInterval(timer);
			await running;
		}
	};
}
