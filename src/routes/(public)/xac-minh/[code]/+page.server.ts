import { error } from '@sveltejs/kit';
import { verifyCertificate } from '$lib/server/awards';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

// The QR code opens this address, so it is a GET; misses are counted per address (probing).
// An unknown code is a 404, so a link checker or a search engine never takes it for a record.
export const load: PageServerLoad = async (event) => {
	const code = event.params.code.slice(0, 40);
	const result = await orErrorPage(
		verifyCertificate(ctxOf(event), { code, address: event.getClientAddress() })
	);
	if (result.status === 'unknown') error(404, `Không tồn tại giấy chứng nhận nào có mã “${code}”.`);
	return { code, result };
};
