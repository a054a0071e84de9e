import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { dossierSchema } from '$lib/schemas/campaigns';
import { parseForm } from '$lib/schemas/form';
import { ctxOf, failWith, invalidForm, orErrorPage, readUpload } from '$lib/server/http';
import {
	addDossierFile,
	deleteDraft,
	getDossier,
	removeDossierFile,
	resubmitDossier,
	submitDossier,
	updateDraft,
	withdrawDossier
} from '$lib/server/nominations';
import { submittedAchievements } from '$lib/shared/dossier-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return {
		...(await orErrorPage(getDossier(ctxOf(event), Number(event.params.id)))),
		saved: event.url.searchParams.has('da-luu')
	};
};

const dossierId = (params: { id: string }) => Number(params.id);
const fileRoleSchema = z.object({
	role: z.enum(['photo', 'evidence'], { error: 'Loại tệp không hợp lệ.' })
});
const fileIdSchema = z.object({ fileId: z.uuid('Tệp không hợp lệ.') });

/** Runs a use case and answers with a success message, or the domain error as a form failure. */
async function attempt(
	work: Promise<unknown>,
	success: string,
	values: Record<string, string> = {}
) {
	try {
		await work;
	} catch (error) {
		return failWith(error, values);
	}
	return { success };
}

export const actions: Actions = {
	save: async (event) => {
		const ctx = ctxOf(event);
		const { dossier } = await orErrorPage(getDossier(ctx, dossierId(event.params)));
		const form = await event.request.formData();
		const parsed = parseForm(dossierSchema(dossier.categoryKind), form);
		if (!parsed.ok)
			return invalidForm(parsed.errors, parsed.values, {
				achievements: submittedAchievements(form)
			});
		return attempt(updateDraft(ctx, dossier.id, parsed.data), 'Đã lưu hồ sơ.', parsed.values);
	},
	upload: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(fileRoleSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const file = await readUpload(form, 'file');
		if (!file) return invalidForm({ file: ['Vui lòng chọn tệp.'] }, parsed.values);
		return attempt(
			addDossierFile(ctxOf(event), dossierId(event.params), parsed.data.role, file),
			parsed.data.role === 'photo' ? 'Đã cập nhật ảnh.' : 'Đã thêm minh chứng.'
		);
	},
	removeFile: async (event) => {
		const parsed = parseForm(fileIdSchema, await event.request.formData());
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		return attempt(
			removeDossierFile(ctxOf(event), dossierId(event.params), parsed.data.fileId),
			'Đã xoá tệp.'
		);
	},
	submit: async (event) =>
		attempt(submitDossier(ctxOf(event), dossierId(event.params)), 'Đã gửi hồ sơ lên cấp trên.'),
	resubmit: async (event) =>
		attempt(resubmitDossier(ctxOf(event), dossierId(event.params)), 'Đã gửi lại hồ sơ.'),
	withdraw: async (event) =>
		attempt(withdrawDossier(ctxOf(event), dossierId(event.params)), 'Đã rút hồ sơ.'),
	delete: async (event) => {
		try {
			await deleteDraft(ctxOf(event), dossierId(event.params));
		} catch (error) {
			return failWith(error);
		}
		redirect(303, '/de-cu');
	}
};
