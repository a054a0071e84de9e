import { json } from '@sveltejs/kit';
import { ctxOf } from '$lib/server/http';
import { answerReply, parseAnswer, playerCookie } from '$lib/server/live';
import { submitAnswer } from '$lib/server/live';
import type { RequestHandler } from './$types';

/**
 * The answer a phone sends with JavaScript: the same form fields as the page's `?/answer`
 * action, but answered with a small JSON body instead of reloading the page's data, since a
 * whole hall answers within the same seconds. 200 only once the answer is stored. Under
 * `npm start` form-encoded answers are taken before SvelteKit by `live/node-routes.ts`; both
 * reply through `answerReply`, so this stays a hand-written adapter rather than `jsonAction`.
 */
export const POST: RequestHandler = async (event) => {
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return json({ message: 'Dữ liệu gửi lên không hợp lệ.' }, { status: 400 });
	}
	const token = event.cookies.get(playerCookie(event.params.code));
	const reply = await answerReply(async () => {
		const input = parseAnswer(form);
		await submitAnswer(ctxOf(event), { code: event.params.code, token, answer: input });
		return input.position;
	});
	return json(reply.body, { status: reply.status, headers: { 'cache-control': 'no-store' } });
};
