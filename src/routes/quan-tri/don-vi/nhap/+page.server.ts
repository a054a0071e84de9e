import { parseForm } from '$lib/schemas/form';
import { importModeSchema } from '$lib/schemas/units';
import { adminActions, ctxOf, failWith, invalidForm, readUpload } from '$lib/server/http';
import { importUnits } from '$lib/server/units/service';
import type { Actions } from './$types';

export const actions = adminActions<Actions>({
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(importModeSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const file = await readUpload(form, 'file');
		if (!file) return invalidForm({ file: ['Vui lòng chọn tệp Excel hoặc CSV.'] }, parsed.values);
		try {
			const report = await importUnits(ctxOf(event), file, parsed.data.mode);
			return { report, values: parsed.values };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	}
});
