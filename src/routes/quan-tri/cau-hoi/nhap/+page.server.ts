import { id } from '$lib/schemas/common';
import { parseForm } from '$lib/schemas/form';
import { questionImportSchema } from '$lib/schemas/questions';
import {
	adminActions,
	ctxOf,
	failWith,
	invalidForm,
	orErrorPage,
	readUpload
} from '$lib/server/http';
import { importQuestions } from '$lib/server/questions';
import { listUnits } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	return { units: await orErrorPage(listUnits(ctxOf(event))) };
};

const schema = questionImportSchema.extend({ unitId: id('đơn vị sở hữu') });

export const actions = adminActions<Actions>({
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(schema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const file = await readUpload(form, 'file');
		if (!file) return invalidForm({ file: ['Vui lòng chọn tệp Excel hoặc CSV.'] }, parsed.values);
		try {
			const report = await importQuestions(
				ctxOf(event),
				parsed.data.unitId,
				file,
				parsed.data.mode,
				parsed.data.duplicates
			);
			return { report, values: parsed.values };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	}
});
