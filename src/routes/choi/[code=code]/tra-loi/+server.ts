import { json } from '@sveltejs/kit';
import { parseForm } from '$lib/schemas/form';
import { answerSchema } from '$lib/schemas/live';
import { DomainError } from '$lib/server/errors';
import { playerCookie } from '$lib/server/live/http';
import { ctxOf } from '$lib/server/http';
import { submitAnswer } from '$lib/server/live/service';
import type { RequestHandler } from './$types';

/**
 * The answer a phone sends with JavaScript: the same form fields as the page's `?/answer`
 * action, but answered with a small JSON body instead of reloading the page's data, since a
 * whole hall answers within the same seconds. 200 only once the answer is stored.
 */
export const POST: RequestHandler = async (event) => {
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return json({ message: 'Dữ liệu gửi lên không hợp lệ.' }, { status: 400 });
	}
	const parsed = parseForm(answerSchema, form);
	if (!parsed.ok) {
		const first = Object.values(parsed.errors).flat()[0] ?? 'Câu trả lời không hợp lệ.';
		return json({ message: first, errors: parsed.errors }, { status: 400 });
	}
	try {
		const token = event.cookies.get(playerCookie(event.params.code));
		await submitAnswer(ctxOf(event), event.params.code, token, parsed.data);
		return json({ answered: parsed.data.position }, { headers: { 'cache-control': 'no-store' } });
	} catch (error) {
		if (error instanceof DomainError)
			return json({ message: error.message, errors: error.fieldErrors }, { status: error.status });
		throw error;
	}
};
