import { error } from '@sveltejs/kit';
import { userSearchSchema } from '$lib/schemas/users';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { listUsers } from '$lib/server/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const parsed = userSearchSchema.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, 'Điều kiện tìm kiếm không hợp lệ.');
	return { result: await orErrorPage(listUsers(ctxOf(event), parsed.data)), q: parsed.data.q };
};
