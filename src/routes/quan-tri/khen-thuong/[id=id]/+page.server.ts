import { fieldsAndParams, formAction } from '$lib/server/adapters';
import {
	addRecipient,
	correctDecision,
	correctRecipient,
	getDecision,
	revokeRecipient
} from '$lib/server/awards';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [detail, units] = await orErrorPage(
		Promise.all([getDecision(ctx, Number(event.params.id)), listUnits(ctx)])
	);
	return {
		...detail,
		units: units.filter((u) => !u.archivedAt && u.path.startsWith(detail.decision.unitPath))
	};
};

// Each form on the page names itself in a hidden `form` field, so a refusal reaches its form.
export const actions = adminActions<Actions>({
	correctDecision: formAction(correctDecision, {
		input: fieldsAndParams,
		done: () => ({ success: 'Đã đính chính quyết định. Thông tin cũ được giữ trong lịch sử.' })
	}),
	add: formAction(addRecipient, {
		input: fieldsAndParams,
		done: (_id, _event, values) => ({ success: `Đã thêm ${values.name?.trim()}.` })
	}),
	correct: formAction(correctRecipient, {
		done: () => ({ success: 'Đã đính chính. Thông tin cũ được giữ trong lịch sử.' })
	}),
	revoke: formAction(revokeRecipient, {
		done: () => ({ success: 'Đã thu hồi khen thưởng. Hồ sơ và lịch sử vẫn được lưu.' })
	})
});
