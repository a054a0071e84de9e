import { error } from '@sveltejs/kit';
import { can } from '$lib/server/auth/policy';
import { toSignIn } from '$lib/server/http';
import type { LayoutServerLoad } from './$types';

// A coarse gate for pages only: every action checks again in its service, because SvelteKit
// runs an action before any layout load.
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.actor) toSignIn(url);
	if (!can(locals.actor, 'admin.enter', { kind: 'area' })) {
		error(403, 'Trang quản trị chỉ dành cho cán bộ tổ chức và quản trị viên.');
	}
};
