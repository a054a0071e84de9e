import { z } from 'zod';
import { createUserSchema, roleKind, updateUserSchema } from '$lib/schemas/users';
import { deleteUserSessions, revokeAccountTokens } from '../auth';
import { administeredPaths, authorize, can, requireActor, type Resource } from '../auth/policy';
import type { Ctx } from '../context';
import { conflict, forbidden } from '../errors';
import { enqueueMail, normalAddress, withdrawPendingMail } from '../notifications';
import { findActiveUnit } from '../units';
import { defineUseCase, type Check } from '../usecase';
import {
	asResource,
	invite,
	loadTargetUnit,
	loadUser,
	loadVisibleUser,
	managing,
	newAccountAt,
	unitMissing,
	userRef,
	withUniqueEmail
} from './access';
import * as repo from './repo';

const PAGE_SIZE = 50;

export async function listUsers(ctx: Ctx, options: { q: string; page: number }) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const { rows, total } = await repo.listUsers(ctx.db, {
		withinPaths: administeredPaths(actor),
		search: options.q,
		limit: PAGE_SIZE,
		offset: (options.page - 1) * PAGE_SIZE
	});
	return { rows, total, page: options.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function getUser(ctx: Ctx, id: number) {
	const actor = requireActor(ctx);
	authorize(actor, 'admin.enter', { kind: 'area' });
	const user = await loadVisibleUser(ctx.db, actor, id);
	return { ...user, manageable: can(actor, 'user.manage', asResource(user)) };
}

/** The signed-in user's own account, with the units of their roles. */
export async function getMyAccount(ctx: Ctx) {
	const actor = requireActor(ctx);
	const user = await loadVisibleUser(ctx.db, actor, actor.id);
	return {
		fullName: user.fullName,
		email: user.email,
		phone: user.phone,
		unitName: user.unitName,
		emailVerifiedAt: user.emailVerifiedAt,
		roles: user.roles.map((r) => ({ role: r.role, unitName: r.unitName }))
	};
}

/**
 * The input takes any role so that giving one the actor may not give is refused (403) by the
 * policy; the administrator role is never given at creation (`run` refuses it to anyone).
 */
const createUserInput = createUserSchema.extend({
	role: z.preprocess((v) => (v === '' ? undefined : v), roleKind.optional())
});

/**
 * Creates an account without a password and invites the person by e-mail to set their own (the
 * link works for 7 days; "Gửi lại lời mời" sends a fresh one).
 */
export const createUser = defineUseCase({
	name: 'user.create',
	input: createUserInput,
	load: ({ db }, input) => loadTargetUnit(db, input.unitId),
	authorize: (_actor, unit, input): Check[] => [
		{ action: 'user.manage', resource: newAccountAt(unit.path) },
		...(input.role
			? [
					{
						action: 'role.assign',
						resource: { kind: 'role', role: input.role, unitPath: unit.path }
					} as const
				]
			: [])
	],
	run: async ({ db, actor, now }, input, unit) => {
		if (input.role === 'admin') throw forbidden();
		const id = await withUniqueEmail(() =>
			repo.insertUser(db, {
				email: input.email,
				fullName: input.fullName,
				phone: input.phone ?? null,
				unitId: unit.id
			})
		);
		await repo.insertRole(db, id, 'member', unit.id);
		if (input.role && input.role !== 'member') await repo.insertRole(db, id, input.role, unit.id);
		await invite(
			db,
			now,
			{ id, email: input.email, fullName: input.fullName },
			{ invitedBy: actor.fullName, unitName: unit.name }
		);
		return id;
	},
	audit: (id, input, unit) => ({
		entityType: 'user',
		entityId: id,
		unitPath: unit.path,
		after: {
			email: input.email,
			fullName: input.fullName,
			unitId: unit.id,
			role: input.role ?? 'member'
		}
	})
});

const movedTo = (id: number, unitPath: string): Resource => ({
	kind: 'user',
	id,
	unitPath,
	rolePaths: []
});

export const updateUser = defineUseCase({
	name: 'user.update',
	input: updateUserSchema.extend(userRef.shape),
	load: async ({ db }, input) => ({
		user: await loadUser(db, input.id),
		// Looked up without refusing: a missing unit is reported only to who may manage the user.
		unit: await findActiveUnit(db, input.unitId)
	}),
	authorize: (_actor, { user, unit }): Check[] => [
		...managing(user),
		// The user as they would be after the change: managed at the new unit too.
		...(unit ? [{ action: 'user.manage' as const, resource: movedTo(user.id, unit.path) }] : [])
	],
	run: async ({ db, now }, { id, ...input }, { user, unit }) => {
		if (!unit) throw unitMissing();
		const after = {
			email: input.email,
			fullName: input.fullName,
			phone: input.phone ?? null,
			unitId: unit.id
		};
		const moved = normalAddress(user.email) !== normalAddress(input.email);
		await withUniqueEmail(() =>
			repo.updateUserFields(db, id, moved ? { ...after, emailVerifiedAt: null } : after, now)
		);
		// A new address is not proven yet, and links sent to the old one (a mistyped address may
		// be someone else's mailbox) must not open the account any more.
		if (moved) {
			await revokeAccountTokens(db, id, ['invite', 'reset', 'verify']);
			await withdrawPendingMail(db, id, ['invitation', 'password_reset', 'email_verification']);
		}
		return after;
	},
	audit: (after, _input, { user, unit }) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: unit!.path,
		before: {
			email: user.email,
			fullName: user.fullName,
			phone: user.phone,
			unitId: user.unitId
		},
		after
	})
});

/** Deactivation ends the user's sessions in the same transaction: it takes effect at once. */
function settingActive(active: boolean) {
	return defineUseCase({
		name: active ? 'user.reactivate' : 'user.deactivate',
		input: userRef,
		load: ({ db }, input) => loadUser(db, input.id),
		authorize: (_actor, user) => managing(user),
		run: async ({ db, now }, { id }, user) => {
			if (user.active === active)
				throw conflict(
					active ? 'Tài khoản đang hoạt động.' : 'Tài khoản đã bị vô hiệu hoá trước đó.'
				);
			await repo.setUserActive(db, id, active, now);
			if (!active) await deleteUserSessions(db, id);
		},
		audit: (_result, _input, user) => ({
			entityType: 'user',
			entityId: user.id,
			unitPath: user.unitPath,
			before: { active: user.active },
			after: { active }
		})
	});
}

export const deactivateUser = settingActive(false);
export const reactivateUser = settingActive(true);

const INACTIVE = 'Tài khoản đã bị vô hiệu hoá: hãy kích hoạt lại trước khi gửi thư.';

/**
 * "Gửi thư đặt lại mật khẩu": the person gets a reset link by e-mail and chooses the new password
 * themselves; nobody else sees it. Their sessions end when they set it.
 */
export const sendPasswordReset = defineUseCase({
	name: 'user.password_reset_send',
	input: userRef,
	load: ({ db }, input) => loadUser(db, input.id),
	authorize: (_actor, user) => managing(user),
	run: async ({ db, now }, _input, user) => {
		if (!user.active) throw conflict(INACTIVE);
		if (!user.hasPassword)
			throw conflict('Người này chưa đặt mật khẩu lần nào: hãy bấm “Gửi lại lời mời”.');
		await enqueueMail(db, now, {
			kind: 'password_reset',
			to: user.email,
			userId: user.id,
			data: { fullName: user.fullName }
		});
		return user.email;
	},
	audit: (to, _input, user) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: user.unitPath,
		after: { to }
	})
});

/** "Gửi lại lời mời": a fresh invitation (the link of an earlier one stops working). */
export const resendInvitation = defineUseCase({
	name: 'user.invite_send',
	input: userRef,
	load: ({ db }, input) => loadUser(db, input.id),
	authorize: (_actor, user) => managing(user),
	run: async ({ db, now, actor }, _input, user) => {
		if (!user.active) throw conflict(INACTIVE);
		if (user.hasPassword)
			throw conflict(
				'Người này đã đặt mật khẩu. Nếu họ quên mật khẩu, hãy bấm “Gửi thư đặt lại mật khẩu”.'
			);
		await invite(db, now, user, { invitedBy: actor.fullName, unitName: user.unitName });
		return user.email;
	},
	audit: (to, _input, user) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: user.unitPath,
		after: { to }
	})
});
