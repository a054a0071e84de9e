import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { ctxOf, orErrorPage } from '$lib/server/http';
import { acceptDossier } from '$lib/server/judging';
import {
	forwardDossier,
	getDossier,
	rejectDossier,
	returnDossier,
	type ScreeningDecision
} from '$lib/server/nominations';
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

const saying = (decision: ScreeningDecision) => ({
	input: fieldsAndParams,
	done: () => ({ success: messages[decision] })
});

export const actions: Actions = {
	forward: formAction(forwardDossier, saying('forward')),
	// Accepting goes through judging, which gives the dossier its judges if the round is open.
	accept: formAction(acceptDossier, {
		input: fieldsAndParams,
		done: (outcome) => ({ success: messages.accept + judgingNote(outcome) })
	}),
	return: formAction(returnDossier, saying('return')),
	reject: formAction(rejectDossier, saying('reject'))
};
