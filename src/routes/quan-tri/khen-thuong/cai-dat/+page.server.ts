import { formAction } from '$lib/server/adapters';
import { getAwardSettings, saveAwardSettings } from '$lib/server/awards';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const units = (await orErrorPage(listUnits(ctx))).filter((u) => !u.archivedAt);
	// The organizer's own top unit unless another is chosen.
	const unitId = Number(event.url.searchParams.get('don-vi')) || units[0]?.id;
	return {
		units,
		settings: unitId ? await orErrorPage(getAwardSettings(ctx, unitId)) : null
	};
};

export const actions = adminActions<Actions>({
	save: formAction(saveAwardSettings, {
		done: () => ({ success: 'Đã lưu. Giấy chứng nhận in từ nay theo thông tin mới.' })
	})
});
