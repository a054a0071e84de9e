import type { ClientInit } from '@sveltejs/kit';
import { installVietnameseValidity } from '$lib/validity';

/** Once, when the app starts in the browser: its checks speak the page's language. */
export const init: ClientInit = () => {
	installVietnameseValidity(document);
};
