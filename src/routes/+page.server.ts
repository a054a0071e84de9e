import { listOpenContests } from '$lib/server/contests/service';
import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { openContests: await listOpenContests(getDatabase().db, new Date()) };
};
