import { assignRoleSchema } from '$lib/schemas/users';
import { id } from '$lib/schemas/common';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { findActiveUnit } from '../units';
import { defineUseCase } from '../usecase';
import { loadUser, managing, unitMissing, userRef } from './access';
import * as repo from './repo';

export const assignRole = defineUseCase({
	name: 'role.assign',
	input: assignRoleSchema.safeExtend(userRef.shape),
	load: async ({ db }, input) => ({
		user: await loadUser(db, input.id),
		unit: input.unitId ? await findActiveUnit(db, input.unitId) : null
	}),
	// A unit that was named but is missing is reported by `run`, after the user checks.
	authorize: (_actor, { user, unit }, input) => [
		...managing(user),
		...(input.unitId && !unit
			? []
			: [
					{
						action: 'role.assign',
						resource: { kind: 'role', role: input.role, unitPath: unit?.path ?? null }
					} as const
				])
	],
	run: async ({ db }, input, { unit }) => {
		if (input.unitId && !unit) throw unitMissing();
		if (input.role !== 'admin' && !unit)
			throw invalid('Vui lòng chọn đơn vị.', { unitId: ['Vui lòng chọn đơn vị.'] });
		const unitId = input.role === 'admin' ? null : unit!.id;
		const roleId = await repo.insertRole(db, input.id, input.role, unitId);
		if (!roleId) throw conflict('Người dùng đã có vai trò này tại đơn vị này.');
		return unitId;
	},
	audit: (unitId, input, { user, unit }) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: unit?.path ?? user.unitPath,
		after: { role: input.role, unitId }
	})
});

export const revokeRole = defineUseCase({
	name: 'role.revoke',
	input: userRef.extend({ roleId: id('vai trò') }),
	load: async ({ db }, input) => {
		const user = await loadUser(db, input.id);
		return { user, role: user.roles.find((r) => r.id === input.roleId) ?? null };
	},
	authorize: (_actor, { user, role }) => [
		...managing(user),
		...(role
			? [
					{
						action: 'role.assign',
						resource: { kind: 'role', role: role.role, unitPath: role.unitPath }
					} as const
				]
			: [])
	],
	run: async ({ db, actor }, input, { role }) => {
		if (!role) throw notFound('Không tìm thấy vai trò.');
		if (role.role === 'admin' && actor.id === input.id)
			throw forbidden('Bạn không thể tự bỏ quyền quản trị của mình.');
		await repo.deleteRole(db, input.id, role.id);
		return role;
	},
	audit: (role, _input, { user }) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: role.unitPath ?? user.unitPath,
		before: { role: role.role, unitId: role.unitId }
	})
});
