import { ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import { listUsers } from '$lib/server/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [units, users] = await orErrorPage(
		Promise.all([listUnits(ctx), listUsers(ctx, { q: '', page: 1 })])
	);
	return {
		unitCount: units.length,
		memberTotal: units
			.filter((u) => u.depth === Math.min(...units.map((x) => x.depth)))
			.reduce((sum, u) => sum + u.memberCount, 0),
		userCount: users.total
	};
};
