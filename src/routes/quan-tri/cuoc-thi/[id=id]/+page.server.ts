import { z } from 'zod';
import { id } from '$lib/schemas/common';
import { contestUpdateSchema, roundSchema, voidSchema } from '$lib/schemas/contests';
import { parseForm } from '$lib/schemas/form';
import {
	addRound,
	getContestForOrganizer,
	openRound,
	publishWinners,
	updateContest,
	voidPlayer
} from '$lib/server/contests';
import { adminActions, ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return orErrorPage(getContestForOrganizer(ctxOf(event), Number(event.params.id)));
};

const roundIdSchema = z.object({ roundId: id('tuần thi') });
const contestId = (params: { id: string }) => Number(params.id);

export const actions = adminActions<Actions>({
	update: async (event) => {
		const parsed = parseForm(contestUpdateSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await updateContest(ctxOf(event), contestId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu thông tin cuộc thi.' };
	},
	addRound: async (event) => {
		const parsed = parseForm(roundSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await addRound(ctxOf(event), contestId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã thêm tuần thi. Hãy mở tuần thi để khoá bộ câu hỏi.' };
	},
	open: async (event) => {
		const parsed = parseForm(roundIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const { poolSize } = await openRound(ctxOf(event), parsed.data.roundId);
			return { success: `Đã mở tuần thi với bộ ${poolSize} câu hỏi (đã khoá).` };
		} catch (error) {
			return failWith(error);
		}
	},
	publish: async (event) => {
		const parsed = parseForm(roundIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			const winners = await publishWinners(ctxOf(event), parsed.data.roundId);
			return { success: `Đã công bố ${winners.length} giải.` };
		} catch (error) {
			return failWith(error);
		}
	},
	void: async (event) => {
		const parsed = parseForm(voidSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		try {
			await voidPlayer(ctxOf(event), contestId(event.params), parsed.data);
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã huỷ kết quả của người dự thi.' };
	}
});
