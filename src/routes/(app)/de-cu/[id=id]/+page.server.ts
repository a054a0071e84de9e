import { redirect } from '@sveltejs/kit';
import { dossierSchema } from '$lib/schemas/campaigns';
import { parseForm } from '$lib/schemas/form';
import { fieldsAndParams, formAction } from '$lib/server/adapters';
import { ctxOf, failWith, invalidForm, orErrorPage } from '$lib/server/http';
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

const saying = (success: string) => ({ input: fieldsAndParams, done: () => ({ success }) });

export const actions: Actions = {
	// Not a plain formAction: the fields are checked against the schema of the dossier's own
	// category, and a refusal gives back the achievements typed so far.
	save: async (event) => {
		const ctx = ctxOf(event);
		const { dossier } = await orErrorPage(getDossier(ctx, Number(event.params.id)));
		const form = await event.request.formData();
		const parsed = parseForm(dossierSchema(dossier.categoryKind), form);
		if (!parsed.ok)
			return invalidForm(parsed.errors, parsed.values, {
				achievements: submittedAchievements(form)
			});
		try {
			await updateDraft(ctx, { id: dossier.id, dossier: parsed.data });
		} catch (error) {
			return failWith(error, parsed.values);
		}
		return { success: 'Đã lưu hồ sơ.' };
	},
	upload: formAction(addDossierFile, {
		input: fieldsAndParams,
		done: (_result, _event, values) => ({
			success: values.role === 'photo' ? 'Đã cập nhật ảnh.' : 'Đã thêm minh chứng.'
		})
	}),
	removeFile: formAction(removeDossierFile, saying('Đã xoá tệp.')),
	submit: formAction(submitDossier, saying('Đã gửi hồ sơ lên cấp trên.')),
	resubmit: formAction(resubmitDossier, saying('Đã gửi lại hồ sơ.')),
	withdraw: formAction(withdrawDossier, saying('Đã rút hồ sơ.')),
	delete: formAction(deleteDraft, { input: fieldsAndParams, done: () => redirect(303, '/de-cu') })
};
