import { formAction } from '$lib/server/adapters';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { optOutByLink, readOptOutLink } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

// GET only reads: mail scanners open every link in a message, so nothing changes until a POST.
export const load: PageServerLoad = async (event) => ({
	link: await orErrorPage(readOptOutLink(ctxOf(event).db, event.url.searchParams.get('ma'))),
	code: event.url.searchParams.get('ma') ?? ''
});

// One default action: the page's buttons and a mail client's one-click POST (RFC 8058, body
// `List-Unsubscribe=One-Click`) both post to this very address; the code is in its query.
export const actions: Actions = {
	default: formAction(optOutByLink, {
		input: (fields, event) => ({ ...fields, ma: event.url.searchParams.get('ma') }),
		done: (changed) => ({ changed })
	})
};
