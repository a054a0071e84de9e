import {
	addRound,
	copyContest,
	getContestForOrganizer,
	openRound,
	publishContest,
	publishWinners,
	updateContest,
	voidPlayer
} from '$lib/server/contests';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { embedSnippet, roundBoardTitle } from '$lib/server/embeds';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import { reportOptions } from '$lib/shared/contest-labels';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const view = await orErrorPage(getContestForOrganizer(ctxOf(event), Number(event.params.id)));
	return {
		...view,
		embed: roundEmbed(view, event.url),
		copied: event.url.searchParams.has('da-sao-chep')
	};
};

/**
 * The snippet of one round's board for portals (`?tuan=`, else the latest opened round): only a
 * published contest's opened rounds have a public board to frame.
 */
function roundEmbed(view: Awaited<ReturnType<typeof getContestForOrganizer>>, url: URL) {
	const rounds = view.rounds.filter((r) => r.phase !== 'draft');
	if (view.contest.draft || !rounds.length) return null;
	const { roundId } = reportOptions(url);
	const round = rounds.find((r) => r.id === roundId) ?? rounds[rounds.length - 1]!;
	const target = { kind: 'contest-round', contestId: view.contest.id, roundId: round.id } as const;
	return {
		roundId: round.id,
		snippet: embedSnippet(url.origin, target, roundBoardTitle(view.contest.title, round.title))
	};
}

/** The form's fields with the contest of the page as `contestId`. */
const ofContest = (fields: Record<string, unknown>, event: RequestEvent) => ({
	...fields,
	contestId: event.params.id
});

export const actions = adminActions<Actions>({
	update: formAction(updateContest, {
		input: fieldsAndParams,
		done: () => ({ success: 'Đã lưu thông tin cuộc thi.' })
	}),
	addRound: formAction(addRound, {
		input: ofContest,
		done: () => ({ success: 'Đã thêm tuần thi. Hãy mở tuần thi để khoá bộ câu hỏi.' })
	}),
	open: formAction(openRound, {
		done: ({ poolSize }) => ({
			success: `Đã mở tuần thi với bộ ${poolSize} câu hỏi (đã khoá).`
		})
	}),
	publish: formAction(publishWinners, {
		done: (winners) => ({ success: `Đã công bố ${winners.length} giải.` })
	}),
	copy: formAction(copyContest, {
		input: ofContest,
		done: (copy) => redirect(303, `/quan-tri/cuoc-thi/${copy.id}?da-sao-chep=1`)
	}),
	publishContest: formAction(publishContest, {
		input: ofContest,
		done: () => ({
			success: 'Đã công bố cuộc thi. Hãy mở từng tuần thi khi đến lúc.'
		})
	}),
	void: formAction(voidPlayer, {
		input: ofContest,
		done: () => ({ success: 'Đã huỷ kết quả của người dự thi.' })
	})
});
