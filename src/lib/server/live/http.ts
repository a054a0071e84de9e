import type { Cookies } from '@sveltejs/kit';
import { formRecord, issuesByField } from '$lib/schemas/form';
import { answerSchema, type AnswerInput } from '$lib/schemas/live';
import { DomainError, invalid, type FieldErrors } from '../errors';

/** The player's secret for one game: httpOnly, so no script (and no other player) can read it. */
export const playerCookie = (code: string) => `gs_live_${code}`;

export function setPlayerCookie(cookies: Cookies, url: URL, code: string, token: string) {
	cookies.set(playerCookie(code), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 60 * 60 * 24
	});
}

/**
 * A phone's answer fields, however they arrive (the lean endpoint, the node route, the
 * no-JavaScript form action). The player page shows one message, not fields, so a refusal
 * names the first problem.
 */
export function parseAnswer(
	form: FormData | URLSearchParams | Record<string, unknown>
): AnswerInput {
	const raw =
		form instanceof FormData || form instanceof URLSearchParams ? formRecord(form).raw : form;
	const parsed = answerSchema.safeParse(raw);
	if (parsed.success) return parsed.data;
	const errors = issuesByField(parsed.error.issues);
	throw invalid(Object.values(errors).flat()[0] ?? 'Câu trả lời không hợp lệ.', errors);
}

export interface AnswerReply {
	status: number;
	body: { answered: number } | { message: string; errors?: FieldErrors };
}

/** The JSON reply to a phone's answer: its position once stored, or the refusal's message. */
export async function answerReply(store: () => Promise<number>): Promise<AnswerReply> {
	try {
		return { status: 200, body: { answered: await store() } };
	} catch (error) {
		if (error instanceof DomainError)
			return { status: error.status, body: { message: error.message, errors: error.fieldErrors } };
		throw error;
	}
}
