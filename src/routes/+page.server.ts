import { getDatabase } from '$lib/server/db';
import { listOpenPolls } from '$lib/server/voting/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { openPolls: await listOpenPolls(getDatabase().db, new Date()) };
};
