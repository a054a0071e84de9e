/**
 * Pure rules of personal data (docs/privacy.md): which requests erase, what a run of the
 * retention job did in one line, and the person's data as a book of sheets.
 */
import type { PrivacyRequestKind } from '$lib/shared/privacy';
import type { ThrottleLimits } from '../auth';

/** Deleting, and withdrawing the consent the processing rested on, both end in erasure. */
export function erases(kind: PrivacyRequestKind): boolean {
	return kind === 'delete' || kind === 'withdraw';
}

export interface RetentionRun {
	contests: { id: number; title: string; unitPath: string; players: number; awards: number }[];
	campaigns: { id: number; title: string; dossiers: number; awards: number }[];
}

/** Whether the run erased anything or marked anything erased (an audit entry is written then). */
export function ranOnSomething(run: RetentionRun): boolean {
	return run.contests.length > 0 || run.campaigns.length > 0;
}

/** Totals of a run, as the audit entry keeps them. */
export function retentionTotals(run: RetentionRun) {
	const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
	return {
		contests: run.contests.length,
		players: sum(run.contests, (c) => c.players),
		campaigns: run.campaigns.length,
		dossiers: sum(run.campaigns, (c) => c.dossiers),
		awards: sum(run.contests, (c) => c.awards) + sum(run.campaigns, (c) => c.awards)
	};
}

/**
 * Guest requests filed from one address in an hour: a person asks once or twice, a household or
 * a school's network a few times; more is someone filling the office's queue.
 */
export const guestRequestLimits: ThrottleLimits = {
	slowAfter: Number.POSITIVE_INFINITY,
	lockAfter: 10,
	windowMs: 60 * 60 * 1000,
	lockMs: 60 * 60 * 1000
};
