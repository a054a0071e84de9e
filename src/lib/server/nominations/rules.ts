import type { NominationStatus } from '$lib/shared/campaigns';
import { idsOnPath } from '../units';

/** Pure rules of a dossier: its state machine and how it climbs the unit tree. */

export type NominationAction =
	| 'submit'
	| 'withdraw'
	| 'forward'
	| 'accept'
	| 'return'
	| 'reject'
	| 'resubmit'
	| 'edit'
	| 'delete';

/** Which statuses each action starts from, and where it leads. */
const transitions: Record<NominationAction, { from: NominationStatus[]; to: NominationStatus }> = {
	edit: { from: ['draft', 'returned'], to: 'draft' },
	delete: { from: ['draft'], to: 'draft' },
	submit: { from: ['draft'], to: 'submitted' },
	resubmit: { from: ['returned'], to: 'submitted' },
	withdraw: { from: ['submitted'], to: 'withdrawn' },
	forward: { from: ['submitted'], to: 'submitted' },
	accept: { from: ['submitted'], to: 'accepted' },
	return: { from: ['submitted'], to: 'returned' },
	reject: { from: ['submitted'], to: 'rejected' }
};

export function canTransition(status: NominationStatus, action: NominationAction): boolean {
	return transitions[action].from.includes(status);
}

export function statusAfter(action: NominationAction, status: NominationStatus): NominationStatus {
	return action === 'edit' ? status : transitions[action].to;
}

/**
 * Where a dossier goes when its unit sends it: the unit above, but never past the campaign's
 * organizing unit; a dossier of the organizing unit itself is screened there.
 * Returns null when the nominating unit is outside the campaign's subtree.
 */
export function firstLevel(nominatingUnitPath: string, organizingUnitPath: string): number | null {
	if (!nominatingUnitPath.startsWith(organizingUnitPath)) return null;
	const chain = idsOnPath(nominatingUnitPath);
	const organizingDepth = idsOnPath(organizingUnitPath).length - 1;
	return chain[Math.max(organizingDepth, chain.length - 2)]!;
}

/** The level above `levelUnitPath`, or null when it is already the organizing unit. */
export function nextLevel(levelUnitPath: string, organizingUnitPath: string): number | null {
	if (levelUnitPath === organizingUnitPath || !levelUnitPath.startsWith(organizingUnitPath))
		return null;
	const chain = idsOnPath(levelUnitPath);
	return chain[chain.length - 2] ?? null;
}

/** A dossier has been withdrawn-able only until someone screened it. */
export function canWithdraw(status: NominationStatus, forwardedBy: number[]): boolean {
	return status === 'submitted' && forwardedBy.length === 0;
}
