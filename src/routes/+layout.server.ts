import { can, isAdmin } from '$lib/server/auth/policy';
import { ctxOf } from '$lib/server/http';
import { isJudge } from '$lib/server/judging';
import { countMyUnreadUpdates } from '$lib/server/notifications';
import { roleLabels, shownRoles } from '$lib/shared/labels';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const actor = event.locals.actor;
	if (!actor) return { user: null };
	const has = (role: string) => actor.roles.some((r) => r.role === role);
	const ctx = ctxOf(event);
	const [unread, judges] = await Promise.all([countMyUnreadUpdates(ctx), isJudge(ctx)]);
	return {
		user: {
			fullName: actor.fullName,
			roles: [...new Set(shownRoles(actor.roles).map((r) => roleLabels[r.role]))],
			canAdminister: can(actor, 'admin.enter', { kind: 'area' }),
			isAdmin: isAdmin(actor),
			nominates: has('officer'),
			screens: has('officer') || has('organizer') || isAdmin(actor),
			judges,
			unread
		}
	};
};
