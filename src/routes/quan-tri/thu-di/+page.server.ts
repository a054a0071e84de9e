import { redirect } from '@sveltejs/kit';
import { outboxFilterSchema } from '$lib/schemas/mail';
import { formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listOutbox, sendTestMail } from '$lib/server/notifications';
import { readConfig } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = outboxFilterSchema.parse({
		status: event.url.searchParams.get('trang-thai'),
		page: event.url.searchParams.get('trang') ?? 1
	});
	const outbox = await orErrorPage(listOutbox(ctxOf(event), filter));
	const { smtpUrl } = readConfig();
	// Say where mail goes without the server's password.
	const server = smtpUrl ? new URL(smtpUrl).host : null;
	return { outbox, filter, server };
};

export const actions = adminActions<Actions>({
	test: formAction(sendTestMail, {
		done: (id) => redirect(303, `/quan-tri/thu-di/${id}`)
	})
});
