import { redirect } from '@sveltejs/kit';
import { reasonSchema } from '$lib/schemas/campaigns';
import { parseForm } from '$lib/schemas/form';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { getDossier, screenDossier, type ScreeningDecision } from '$lib/server/nominations/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!event.locals.actor)
		redirect(303, `/dang-nhap?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	return orErrorPage(getDossier(ctxOf(event), Number(event.params.id)));
};

const messages: Record<ScreeningDecision, string> = {
	forward: 'Đã chuyển hồ sơ lên cấp trên.',
	accept: 'Đã chấp nhận hồ sơ.',
	return: 'Đã trả lại hồ sơ để bổ sung.',
	reject: 'Đã ghi nhận không chấp nhận hồ sơ.'
};

function decide(decision: ScreeningDecision): Actions[string] {
	return async (event) => {
		let reason: string | null = null;
		if (decision === 'return' || decision === 'reject') {
			const parsed = parseForm(reasonSchema, await event.request.formData());
			if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
			reason = parsed.data.reason;
		}
		try {
			await screenDossier(ctxOf(event), Number(event.params.id), decision, reason);
		} catch (error) {
			return failWith(error);
		}
		return { success: messages[decision] };
	};
}

export const actions: Actions = {
	forward: decide('forward'),
	accept: decide('accept'),
	return: decide('return'),
	reject: decide('reject')
};
