import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listShortlistedCampaigns } from '$lib/server/judging';
import { listUnits } from '$lib/server/units';
import {
	addPollOption,
	addShortlistToPoll,
	getManagedPoll,
	removePollOption,
	updatePollRules,
	voidVotes
} from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [view, units, shortlisted] = await orErrorPage(
		Promise.all([
			getManagedPoll(ctx, Number(event.params.id)),
			listUnits(ctx),
			listShortlistedCampaigns(ctx)
		])
	);
	return { ...view, units, shortlisted, created: event.url.searchParams.get('da-tao') === '1' };
};

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions = adminActions<Actions>({
	update: formAction(updatePollRules, saying('Đã lưu thể lệ.')),
	addOption: formAction(addPollOption, saying('Đã thêm phương án.')),
	addShortlist: formAction(addShortlistToPoll, {
		input: fieldsAndParams,
		done: (added) => ({
			success: added
				? `Đã thêm ${added} gương mặt trong danh sách rút gọn.`
				: 'Danh sách rút gọn đã có đủ trong các phương án.'
		})
	}),
	removeOption: formAction(removePollOption, saying('Đã xoá phương án.')),
	voidBallot: formAction(voidVotes, {
		input: fieldsAndParams,
		done: (n) => ({ success: `Đã huỷ ${n} phiếu.` })
	}),
	voidAddress: formAction(voidVotes, {
		input: fieldsAndParams,
		done: (n) => ({ success: `Đã huỷ ${n} phiếu từ địa chỉ này.` })
	})
});
