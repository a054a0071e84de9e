import { reasonSchema } from '$lib/schemas/campaigns';
import { parseForm } from '$lib/schemas/form';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import { acceptDossier } from '$lib/server/judging';
import { getDossier, screenDossier, type ScreeningDecision } from '$lib/server/nominations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
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

/** What accepting means for the panel's round, said to the person who accepted. */
function judgingNote(outcome: Awaited<ReturnType<typeof acceptDossier>>): string {
	switch (outcome.round) {
		case 'later':
			return '';
		case 'closed':
			return ' Vòng chấm của đợt đã kết thúc nên hồ sơ này không được chấm; hồ sơ được ghi rõ ở trang Hội đồng chấm.';
		case 'open':
			if (outcome.judges === 0)
				return ' Vòng chấm đang mở nhưng chưa có giám khảo phù hợp (không có xung đột lợi ích) để chấm hồ sơ này: ban tổ chức cần bổ sung giám khảo ở trang Hội đồng chấm.';
			return ` Vòng chấm đang mở: hồ sơ đã được phân cho ${outcome.judges} giám khảo chấm${
				outcome.short ? ', chưa đủ số giám khảo theo quy tắc (xem trang Hội đồng chấm)' : ''
			}.`;
	}
}

export const actions: Actions = {
	forward: decide('forward'),
	// Accepting goes through judging, which gives the dossier its judges if the round is open.
	accept: async (event) => {
		try {
			const outcome = await acceptDossier(ctxOf(event), Number(event.params.id));
			return { success: messages.accept + judgingNote(outcome) };
		} catch (error) {
			return failWith(error);
		}
	},
	return: decide('return'),
	reject: decide('reject')
};
