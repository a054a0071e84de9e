import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { can, isAdmin } from '$lib/server/auth/policy';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import * as units from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [unit, choices] = await orErrorPage(
		Promise.all([units.getUnit(ctx, Number(event.params.id)), units.listUnits(ctx)])
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

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions = adminActions<Actions>({
	update: formAction(units.updateUnit, saying('Đã lưu thông tin đơn vị.')),
	embeds: formAction(units.updateEmbedOrigins, saying('Đã lưu danh sách trang được nhúng.')),
	move: formAction(units.moveUnit, saying('Đã chuyển đơn vị cùng toàn bộ đơn vị trực thuộc.')),
	archive: formAction(units.archiveUnit, saying('Đã lưu trữ đơn vị.')),
	restore: formAction(units.restoreUnit, saying('Đã khôi phục đơn vị.'))
});
