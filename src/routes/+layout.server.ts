import { can } from '$lib/server/auth/policy';
import { roleLabels } from '$lib/shared/labels';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return {
		user: actor
			? {
					fullName: actor.fullName,
					roles: [...new Set(actor.roles.map((r) => roleLabels[r.role]))],
					canAdminister: can(actor, 'admin.enter', { kind: 'area' })
				}
			: null
	};
};
