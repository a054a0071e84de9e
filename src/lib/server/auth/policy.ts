import type { RoleKind } from '$lib/shared/labels';
import type { Ctx } from '../context';
import { forbidden, unauthenticated } from '../errors';
import type { Actor } from './actor';

/**
 * The one place that answers "may this user do this to this resource". Pure: the caller
 * loads the resource's unit path; nothing here touches the database.
 */
export type Resource =
	| { kind: 'area' }
	/** A unit, or with path null the top level (no parent). */
	| { kind: 'unit'; path: string | null }
	| {
			kind: 'user';
			id: number;
			unitPath: string | null;
			/** Paths of the units where the user holds roles (null: administrator). */
			rolePaths: (string | null)[];
	  }
	| { kind: 'role'; role: RoleKind; unitPath: string | null }
	/** A dossier: the unit that nominated it and every level it reached (current included). */
	| { kind: 'nomination'; nominatingUnitPath: string; reachedPaths: readonly string[] }
	/** A poll, by the path of the unit that runs it. */
	| { kind: 'poll'; unitPath: string }
	/** A contest, by the organizing unit's path and who may take part. */
	| { kind: 'contest'; unitPath: string; scope: 'members' | 'public' }
	/** A dossier given to one judge of a panel. */
	| { kind: 'assignment'; judgeId: number };

export type Action =
	| 'admin.enter'
	| 'unit.read'
	| 'unit.create'
	| 'unit.update'
	| 'unit.move'
	| 'unit.archive'
	| 'user.read'
	| 'user.manage'
	/** Changing one's own account (the password): its owner only. */
	| 'account.update'
	| 'role.assign'
	| 'audit.read'
	| 'campaign.manage'
	/** The whole file of a finished campaign (every dossier, score and award): its organizers. */
	| 'campaign.archive'
	| 'nomination.create'
	| 'nomination.read'
	| 'nomination.screen'
	| 'poll.manage'
	| 'poll.results'
	| 'vote.void'
	| 'question.manage'
	| 'question.approve'
	| 'contest.manage'
	| 'contest.take'
	| 'judging.manage'
	| 'judging.score'
	| 'award.manage'
	| 'live.host'
	/** The outbox holds everyone's mail: administrators only. */
	| 'mail.manage'
	/** Backups hold the whole database: administrators only. */
	| 'backup.manage'
	/** People's requests about their personal data (erasure across the tree): administrators only. */
	| 'privacy.manage';

export function isAdmin(actor: Actor): boolean {
	return actor.roles.some((r) => r.role === 'admin');
}

/** True when `path` is `ancestor` or lies below it. */
export function isWithin(path: string | null, ancestor: string | null): boolean {
	return path !== null && ancestor !== null && path.startsWith(ancestor);
}

/** Holds one of the roles at exactly this unit (a unit's own staff). */
function staffOf(actor: Actor, path: string | null, roles: RoleKind[]): boolean {
	return path !== null && actor.roles.some((r) => r.unitPath === path && roles.includes(r.role));
}

function organizerPaths(actor: Actor): string[] {
	return actor.roles.flatMap((r) => (r.role === 'organizer' && r.unitPath ? [r.unitPath] : []));
}

/** Inside an organizer's subtree, the organizer's own unit included. */
function organizes(actor: Actor, path: string | null): boolean {
	return organizerPaths(actor).some((root) => isWithin(path, root));
}

/** Strictly below one of the organizer's units: they may not move or archive their own root. */
function organizesBelow(actor: Actor, path: string | null): boolean {
	return organizerPaths(actor).some((root) => isWithin(path, root) && path !== root);
}

export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
	if (!actor) return false;
	// Scores are personal: only the judge a dossier was given to scores it (administrators neither).
	if (action === 'judging.score')
		return resource.kind === 'assignment' && resource.judgeId === actor.id;
	if (isAdmin(actor)) return true;

	switch (action) {
		case 'admin.enter':
			return organizerPaths(actor).length > 0;
		case 'unit.read':
			if (resource.kind !== 'unit') return false;
			return (
				organizes(actor, resource.path) ||
				actor.roles.some((r) => r.unitPath !== null && r.unitPath === resource.path) ||
				(actor.unitPath !== null && actor.unitPath === resource.path)
			);
		case 'unit.create':
		case 'unit.update':
			return resource.kind === 'unit' && organizes(actor, resource.path);
		case 'unit.move':
		case 'unit.archive':
			return resource.kind === 'unit' && organizesBelow(actor, resource.path);
		case 'user.read':
		case 'user.manage':
			if (resource.kind !== 'user' || resource.id === actor.id) {
				// Users manage their own account through the account page, not the admin area.
				return action === 'user.read' && resource.kind === 'user' && resource.id === actor.id;
			}
			// Members of the subtree are visible to its organizer; managing someone also needs
			// every role they hold to sit inside the subtree, so nobody edits a superior.
			if (action === 'user.read') return organizes(actor, resource.unitPath);
			return (
				organizes(actor, resource.unitPath) &&
				resource.rolePaths.every((p) => p !== null && organizes(actor, p))
			);
		case 'account.update':
			return resource.kind === 'user' && resource.id === actor.id;
		case 'role.assign':
			return (
				resource.kind === 'role' && resource.role !== 'admin' && organizes(actor, resource.unitPath)
			);
		case 'audit.read':
		case 'campaign.manage':
		case 'campaign.archive':
			return resource.kind === 'unit' && organizes(actor, resource.path);
		case 'nomination.create':
			// A unit's officers nominate for their own unit.
			return resource.kind === 'unit' && staffOf(actor, resource.path, ['officer']);
		case 'nomination.screen':
			// Each level's own staff screen what reached it.
			return resource.kind === 'unit' && staffOf(actor, resource.path, ['organizer', 'officer']);
		case 'nomination.read':
			return (
				resource.kind === 'nomination' &&
				(staffOf(actor, resource.nominatingUnitPath, ['officer']) ||
					resource.reachedPaths.some((p) => staffOf(actor, p, ['organizer', 'officer'])))
			);
		case 'poll.manage':
		case 'poll.results':
		case 'vote.void':
			// Organizers run polls of their subtree; creating one is checked on its unit.
			if (resource.kind === 'poll') return organizes(actor, resource.unitPath);
			return resource.kind === 'unit' && organizes(actor, resource.path);
		case 'question.manage':
		case 'question.approve':
			// The bank of a unit is kept by the organizers of that unit's subtree.
			return resource.kind === 'unit' && organizes(actor, resource.path);
		case 'contest.manage':
			return resource.kind === 'contest' && organizes(actor, resource.unitPath);
		case 'judging.manage':
			// The panel of a campaign is formed and run by the organizers of its organizing unit.
			return resource.kind === 'unit' && organizes(actor, resource.path);
		case 'contest.take':
			if (resource.kind !== 'contest') return false;
			return resource.scope === 'public' || isWithin(actor.unitPath, resource.unitPath);
		case 'mail.manage':
		case 'backup.manage':
		case 'privacy.manage':
			return false;
		case 'award.manage':
		case 'live.host':
			// Award decisions are issued, and live games run, by the organizers of a unit's subtree.
			return resource.kind === 'unit' && organizes(actor, resource.path);
	}
}

/** A public contest admits people without an account (they register with name, phone, unit). */
export function canTakeAsGuest(resource: Resource): boolean {
	return resource.kind === 'contest' && resource.scope === 'public';
}

/** Throws 403 unless allowed; services call this before touching anything. */
export function authorize(
	actor: Actor | null,
	action: Action,
	resource: Resource
): asserts actor is Actor {
	if (!can(actor, action, resource)) throw forbidden();
}

/** The subtrees an actor administers (null: all of them), for scoping lists and reports. */
export function administeredPaths(actor: Actor): string[] | null {
	return isAdmin(actor) ? null : organizerPaths(actor);
}

/** The signed-in actor of a use case, or 401. */
export function requireActor(ctx: Ctx): Actor {
	if (!ctx.actor) throw unauthenticated();
	return ctx.actor;
}
