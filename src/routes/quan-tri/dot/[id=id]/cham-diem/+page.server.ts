import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import {
	addCriterion,
	addJudgeByEmail,
	assignPending,
	closeRound,
	getPanel,
	openRound,
	remindJudges,
	removeCriterion,
	removeJudge,
	savePanelSettings,
	updateCriterion
} from '$lib/server/judging';
import { getFinalRanking, markShortlist } from '$lib/server/voting';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const id = Number(event.params.id);
	const [panel, final] = await orErrorPage(
		Promise.all([getPanel(ctx, id), getFinalRanking(ctx, id)])
	);
	return { ...panel, final };
};

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions = adminActions<Actions>({
	settings: formAction(savePanelSettings, saying('Đã lưu quy tắc chấm.')),
	// One form adds or edits: a criterion's id names the one to edit (each is its own use case).
	saveCriterion: async (event) => {
		const existing = (await event.request.clone().formData()).get('criterionId');
		return existing
			? formAction(updateCriterion, saying('Đã lưu tiêu chí.'))(event)
			: formAction(addCriterion, saying('Đã thêm tiêu chí.'))(event);
	},
	removeCriterion: formAction(removeCriterion, saying('Đã xoá tiêu chí.')),
	addJudge: formAction(addJudgeByEmail, {
		input: fieldsAndParams,
		done: ({ assignments }) => ({
			success: assignments
				? `Đã thêm giám khảo vào hội đồng và phân công ${assignments} lượt chấm còn thiếu.`
				: 'Đã thêm giám khảo vào hội đồng.'
		})
	}),
	removeJudge: formAction(removeJudge, saying('Đã bỏ giám khảo khỏi hội đồng.')),
	open: formAction(openRound, {
		input: fieldsAndParams,
		done: (report) => ({
			success: `Đã mở vòng chấm và phân công ${report.assignments} lượt chấm.${
				report.gaps.length ? ` ${report.gaps.length} hồ sơ chưa đủ giám khảo (xem bên dưới).` : ''
			}`
		})
	}),
	assign: formAction(assignPending, {
		input: fieldsAndParams,
		done: (report) => {
			const rest = report.stillShort
				? ` ${report.stillShort} hồ sơ vẫn chưa đủ giám khảo (xem bên dưới).`
				: '';
			return {
				success: report.assignments
					? `Đã phân công ${report.assignments} lượt chấm theo quy tắc của vòng chấm.${rest}`
					: `Không có giám khảo phù hợp để phân công thêm.${rest}`
			};
		}
	}),
	remind: formAction(remindJudges, {
		input: fieldsAndParams,
		done: (count) => ({
			success: count
				? `Đã gửi nhắc việc tới ${count} giám khảo chưa chấm xong.`
				: 'Mọi giám khảo đã nộp đủ điểm; không cần nhắc.'
		})
	}),
	close: formAction(closeRound, saying('Đã kết thúc vòng chấm. Chỉ các phiếu đã nộp được tính.')),
	shortlist: formAction(markShortlist, {
		input: fieldsAndParams,
		done: (count) => ({ success: `Danh sách rút gọn có ${count} hồ sơ.` })
	})
});
