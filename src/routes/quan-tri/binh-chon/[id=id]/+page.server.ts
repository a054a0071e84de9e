import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { embedSnippet } from '$lib/server/embeds';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { listShortlistedCampaigns } from '$lib/server/judging';
import { listUnits } from '$lib/server/units';
import {
	addPollOption,
	copyPoll,
	addShortlistToPoll,
	getManagedPoll,
	removePollOption,
	updatePollRules,
	voidVotes
} from '$lib/server/voting';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [view, units, shortlisted] = await orErrorPage(
		Promise.all([
			getManagedPoll(ctx, Number(event.params.id)),
			listUnits(ctx),
			listShortlistedCampaigns(ctx)
		])
	);
	return {
		...view,
		embed: embedSnippet(
			event.url.origin,
			{ kind: 'poll', id: view.poll.id },
			`Bình chọn: ${view.poll.title}`
		),
		units,
		shortlisted,
		created: event.url.searchParams.get('da-tao') === '1',
		copied: event.url.searchParams.get('da-sao-chep')
	};
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
	copy: formAction(copyPoll, {
		input: (fields, event: RequestEvent) => ({ ...fields, pollId: event.params.id }),
		done: (copy) =>
			redirect(
				303,
				`/quan-tri/binh-chon/${copy.id}?da-sao-chep=${copy.shortlist ? 'rut-gon' : '1'}`
			)
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
