import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The form submits by GET, so it works without JavaScript and the result has an address.
export const load: PageServerLoad = ({ url }) => {
	const code = (url.searchParams.get('ma') ?? '').trim().slice(0, 40);
	if (code) redirect(303, `/xac-minh/${encodeURIComponent(code)}`);
	return {};
};
