import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { getOutboxMessage, resendMail } from '$lib/server/notifications';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { row, shown } = await orErrorPage(
		getOutboxMessage(ctxOf(event), Number(event.params.id), event.url.origin)
	);
	return { mail: row, shown };
};

export const actions = adminActions<Actions>({
	resend: formAction(resendMail, {
		input: fieldsAndParams,
		done: (id) => redirect(303, `/quan-tri/thu-di/${id}?da-gui-lai`)
	})
});
