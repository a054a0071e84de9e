import { parseForm } from '$lib/schemas/form';
import { moveUnitSchema, updateUnitSchema } from '$lib/schemas/units';
import { can, isAdmin } from '$lib/server/auth/policy';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import {
	archiveUnit,
	getUnit,
	listUnits,
	moveUnit,
	restoreUnit,
	updateUnit
} from '$lib/server/units/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [unit, choices] = await orErrorPage(
		Promise.all([getUnit(ctx, Number(event.params.id)), listUnits(ctx)])
	);
	const resource = { kind: 'unit', path: unit.path } as const;
	return {
		unit,
		// A unit cannot move under itself or its own descendants.
		parentChoices: choices.filter((u) => !u.path.startsWith(unit.path)),
		isAdmin: isAdmin(ctx.actor!),
		may: {
			update: can(ctx.actor, 'unit.update', resource),
			move: can(ctx.actor, 'unit.move', resource),
			archive: can(ctx.actor, 'unit.archive', resource)
		},
		created: event.url.searchParams.has('da-tao')
	};
};

const unitId = (params: { id: string }) => Number(params.id);

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(updateUnitSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updateUnit(ctxOf(event), unitId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu thông tin đơn vị.' };
	},
	move: async (event) => {
		const parsed = parseForm(moveUnitSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await moveUnit(ctxOf(event), unitId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã chuyển đơn vị cùng toàn bộ đơn vị trực thuộc.' };
	},
	archive: async (event) => {
		try {
			await archiveUnit(ctxOf(event), unitId(event.params));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã lưu trữ đơn vị.' };
	},
	restore: async (event) => {
		try {
			await restoreUnit(ctxOf(event), unitId(event.params));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã khôi phục đơn vị.' };
	}
});
