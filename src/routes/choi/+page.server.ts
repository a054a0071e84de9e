import { redirect } from '@sveltejs/kit';
import { joinCodeSchema } from '$lib/schemas/live';
import type { PageServerLoad } from './$types';

// A GET form: the code typed (or scanned) leads straight to the game's page.
export const load: PageServerLoad = ({ url }) => {
	const raw = url.searchParams.get('ma');
	if (raw === null) return { error: null, value: '' };
	const parsed = joinCodeSchema.safeParse({ code: raw });
	if (parsed.success) redirect(303, `/choi/${parsed.data.code}`);
	return { error: parsed.error.issues[0]?.message ?? 'Mã tham gia không hợp lệ.', value: raw };
};
