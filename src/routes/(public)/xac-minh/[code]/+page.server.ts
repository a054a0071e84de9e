import { verifyCertificate } from '$lib/server/awards/service';
import { ctxOf, orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

// The QR code opens this address, so it is a GET; misses are counted per address (probing).
export const load: PageServerLoad = async (event) => {
	const code = event.params.code.slice(0, 40);
	const result = await orErrorPage(
		verifyCertificate(ctxOf(event), code, { address: event.getClientAddress() })
	);
	return { code, result };
};
