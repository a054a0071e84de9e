/** What the users area's use cases share: the policy's view of a user, and the usual lookups. */
import { z } from 'zod';
import { id } from '$lib/schemas/common';
import type { Actor } from '../auth/actor';
import { can, type Resource } from '../auth/policy';
import type { Db } from '../db/client';
import { conflict, invalid, isUniqueViolation, notFound } from '../errors';
import { enqueueMail } from '../notifications';
import { findActiveUnit } from '../units';
import type { Check } from '../usecase';
import * as repo from './repo';

export const USER_NOT_FOUND = 'Không tìm thấy người dùng.';

export function asResource(user: repo.ManagedUser): Resource {
	return {
		kind: 'user',
		id: user.id,
		unitPath: user.unitPath,
		rolePaths: user.roles.map((r) => r.unitPath)
	};
}

/** A new account at a unit: the actor must be able to manage someone whose roles sit there. */
export const newAccountAt = (unitPath: string): Resource => ({
	kind: 'user',
	id: 0,
	unitPath,
	rolePaths: [unitPath]
});

/** Loads a user the actor may see; others are "not found", so their existence is not revealed. */
export async function loadVisibleUser(db: Db, actor: Actor, id: number) {
	const user = await repo.findManagedUser(db, id);
	if (!user || !can(actor, 'user.read', asResource(user))) throw notFound(USER_NOT_FOUND);
	return user;
}

export async function loadUser(db: Db, id: number) {
	const user = await repo.findManagedUser(db, id);
	if (!user) throw notFound(USER_NOT_FOUND);
	return user;
}

/** Managing someone: seen (else "not found"), then managed (else refused). */
export const managing = (user: repo.ManagedUser): Check[] => [
	{ action: 'user.read', resource: asResource(user), hidden: USER_NOT_FOUND },
	{ action: 'user.manage', resource: asResource(user) }
];

const UNIT_MISSING = 'Đơn vị không tồn tại.';

export const unitMissing = () => invalid(UNIT_MISSING, { unitId: [UNIT_MISSING] });

export async function loadTargetUnit(db: Db, unitId: number) {
	const unit = await findActiveUnit(db, unitId);
	if (!unit) throw unitMissing();
	return unit;
}

const EMAIL_TAKEN = 'Email này đã được dùng cho tài khoản khác.';

export async function withUniqueEmail<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error)) throw conflict(EMAIL_TAKEN, { email: [EMAIL_TAKEN] });
		throw error;
	}
}

export const userRef = z.object({ id: id('người dùng') });

/**
 * The invitation a new account gets (written in the creating transaction): its link lets the
 * person set their own password, so nobody else ever knows it.
 */
export function invite(
	db: Db,
	now: Date,
	invitee: { id: number; email: string; fullName: string },
	from: { invitedBy: string; unitName: string | null }
) {
	return enqueueMail(db, now, {
		kind: 'invitation',
		to: invitee.email,
		userId: invitee.id,
		data: { fullName: invitee.fullName, invitedBy: from.invitedBy, unitName: from.unitName }
	});
}
