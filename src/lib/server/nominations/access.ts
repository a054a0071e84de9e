// What every nominations use case shares: reading a dossier with the reach it gives its
// readers, its campaign, and the event and audit entry of a move between statuses.
import { nominationStatusLabels, type NominationStatus } from '$lib/shared/campaigns';
import { id } from '$lib/schemas/common';
import type { Actor } from '../auth/actor';
import * as campaignRepo from '../campaigns';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import { findUnitsByIds } from '../units';
import type { Check, Scope } from '../usecase';
import * as repo from './repo';
import { canTransition, type NominationAction } from './rules';

export const NOT_FOUND = 'Không tìm thấy hồ sơ.';

export const dossierId = id('hồ sơ');

export function unitsWithRole(actor: Actor, roles: string[]): number[] {
	return actor.roles.flatMap((r) =>
		roles.includes(r.role) && r.unitId !== null ? [r.unitId] : []
	);
}

async function reachedPaths(db: Db, dossier: repo.DossierRow): Promise<string[]> {
	const ids = [...dossier.forwardedBy, ...(dossier.levelUnitId ? [dossier.levelUnitId] : [])];
	// One query for every level the dossier reached (it is read on each dossier page).
	return (await findUnitsByIds(db, ids)).map((u) => u.path);
}

/** A dossier with the paths that may read it; absent is "not found". */
export async function loadDossier(db: Db, dossierId: number) {
	const dossier = await repo.findDossier(db, dossierId);
	if (!dossier) throw notFound(NOT_FOUND);
	return { dossier, reached: await reachedPaths(db, dossier) };
}

export type LoadedDossier = Awaited<ReturnType<typeof loadDossier>>;

/** The same dossier, locked for the change (the lock is taken before it is read). */
export async function loadLockedDossier({ db }: Pick<Scope, 'db'>, input: { id: number }) {
	await repo.lockDossier(db, input.id);
	return loadDossier(db, input.id);
}

/** Reading a dossier: any other is "not found", so nothing leaks. */
export const readCheck = ({ dossier, reached }: LoadedDossier): Check => ({
	action: 'nomination.read',
	resource: {
		kind: 'nomination',
		nominatingUnitPath: dossier.nominatingUnitPath,
		reachedPaths: reached
	},
	hidden: NOT_FOUND
});

/** Editing a dossier as an officer of its nominating unit (after it is found readable). */
export const ownChecks = (_actor: Actor, loaded: LoadedDossier): Check[] => [
	readCheck(loaded),
	{
		action: 'nomination.create',
		resource: { kind: 'unit', path: loaded.dossier.nominatingUnitPath }
	}
];

export async function loadCampaign(db: Db, campaignId: number) {
	const campaign = await campaignRepo.findCampaign(db, campaignId);
	if (!campaign) throw notFound('Không tìm thấy đợt tôn vinh.');
	const phases = (await campaignRepo.listPhases(db, [campaignId])).map(
		({ kind, startsAt, endsAt }) => ({ kind, startsAt, endsAt })
	);
	return { campaign, phases };
}

export function requireTransition(status: NominationStatus, action: NominationAction) {
	if (!canTransition(status, action)) {
		throw conflict(
			`Hồ sơ đang ở trạng thái “${nominationStatusLabels[status]}” nên không thể thực hiện thao tác này.`
		);
	}
}

/** A dossier's move between statuses: what the history shows and the audit keeps. */
export interface Transition {
	dossier: repo.DossierRow;
	to: NominationStatus;
	levelUnitId: number | null;
	reason?: string | null;
}

export async function recordTransition(
	{ db, actor, now }: Scope<Actor>,
	action: NominationAction,
	move: Transition
): Promise<Transition> {
	await repo.insertEvent(db, {
		nominationId: move.dossier.id,
		at: now,
		actorId: actor.id,
		action,
		fromStatus: move.dossier.status,
		toStatus: move.to,
		levelUnitId: move.levelUnitId,
		reason: move.reason ?? null
	});
	return move;
}

export const transitionAudit = ({ dossier, to, levelUnitId, reason }: Transition) => ({
	entityType: 'nomination',
	entityId: dossier.id,
	unitPath: dossier.nominatingUnitPath,
	before: { status: dossier.status, levelUnitId: dossier.levelUnitId },
	after: { status: to, levelUnitId, ...(reason ? { reason } : {}) }
});
