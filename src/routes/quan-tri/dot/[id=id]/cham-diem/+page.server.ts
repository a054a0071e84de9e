import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import {
	criterionSchema,
	judgeEmailSchema,
	panelSettingsSchema,
	shortlistSchema
} from '$lib/schemas/judging';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import {
	addJudgeByEmail,
	assignPending,
	closeRound,
	getFinalRanking,
	getPanel,
	markShortlist,
	openRound,
	remindJudges,
	removeCriterion,
	removeJudge,
	saveCriterion,
	savePanelSettings
} from '$lib/server/judging';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const id = Number(event.params.id);
	const [panel, final] = await orErrorPage(
		Promise.all([getPanel(ctx, id), getFinalRanking(ctx, id)])
	);
	return { ...panel, final };
};

const criterionIdSchema = z.object({ criterionId: id('tiêu chí') });
const judgeIdSchema = z.object({ judgeId: id('giám khảo') });

export const actions = adminActions<Actions>({
	settings: async (event) => {
		const parsed = parseForm(panelSettingsSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await savePanelSettings(ctxOf(event), Number(event.params.id), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu quy tắc chấm.' };
	},
	saveCriterion: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(criterionSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const existing = criterionIdSchema.safeParse({ criterionId: form.get('criterionId') });
		try {
			await saveCriterion(
				ctxOf(event),
				Number(event.params.id),
				existing.success ? existing.data.criterionId : null,
				parsed.data
			);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: existing.success ? 'Đã lưu tiêu chí.' : 'Đã thêm tiêu chí.' };
	},
	removeCriterion: async (event) => {
		const parsed = parseForm(criterionIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await removeCriterion(ctxOf(event), Number(event.params.id), parsed.data.criterionId);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã xoá tiêu chí.' };
	},
	addJudge: async (event) => {
		const parsed = parseForm(judgeEmailSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const { assignments } = await addJudgeByEmail(
				ctxOf(event),
				Number(event.params.id),
				parsed.data.email
			);
			return {
				success: assignments
					? `Đã thêm giám khảo vào hội đồng và phân công ${assignments} lượt chấm còn thiếu.`
					: 'Đã thêm giám khảo vào hội đồng.'
			};
		} catch (error) {
			return failWith(error, parsed.values);
		}
	},
	removeJudge: async (event) => {
		const parsed = parseForm(judgeIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await removeJudge(ctxOf(event), Number(event.params.id), parsed.data.judgeId);
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã bỏ giám khảo khỏi hội đồng.' };
	},
	open: async (event) => {
		try {
			const report = await openRound(ctxOf(event), Number(event.params.id));
			return {
				success: `Đã mở vòng chấm và phân công ${report.assignments} lượt chấm.${
					report.gaps.length ? ` ${report.gaps.length} hồ sơ chưa đủ giám khảo (xem bên dưới).` : ''
				}`
			};
		} catch (error) {
			return failWith(error);
		}
	},
	assign: async (event) => {
		try {
			const report = await assignPending(ctxOf(event), Number(event.params.id));
			const rest = report.stillShort
				? ` ${report.stillShort} hồ sơ vẫn chưa đủ giám khảo (xem bên dưới).`
				: '';
			return {
				success: report.assignments
					? `Đã phân công ${report.assignments} lượt chấm theo quy tắc của vòng chấm.${rest}`
					: `Không có giám khảo phù hợp để phân công thêm.${rest}`
			};
		} catch (error) {
			return failWith(error);
		}
	},
	remind: async (event) => {
		try {
			const count = await remindJudges(ctxOf(event), Number(event.params.id));
			return {
				success: count
					? `Đã gửi nhắc việc tới ${count} giám khảo chưa chấm xong.`
					: 'Mọi giám khảo đã nộp đủ điểm; không cần nhắc.'
			};
		} catch (error) {
			return failWith(error);
		}
	},
	close: async (event) => {
		try {
			await closeRound(ctxOf(event), Number(event.params.id));
		} catch (error) {
			return failWith(error);
		}
		return { success: 'Đã kết thúc vòng chấm. Chỉ các phiếu đã nộp được tính.' };
	},
	shortlist: async (event) => {
		const parsed = parseForm(shortlistSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const count = await markShortlist(ctxOf(event), Number(event.params.id), parsed.data);
			return { success: `Danh sách rút gọn có ${count} hồ sơ.` };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	}
});
