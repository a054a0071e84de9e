import { parseForm } from '$lib/schemas/form';
import { importModeSchema } from '$lib/schemas/units';
import { adminActions, ctxOf, failWith, invalidForm, readUpload } from '$lib/server/http';
import { exportDataUrl } from '$lib/server/files/export';
import { temporaryPasswordsBook } from '$lib/server/users';
import { importUsers } from '$lib/server/users';
import type { Actions } from './$types';

export const actions = adminActions<Actions>({
	default: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(importModeSchema, form);
		if (!parsed.ok) return invalidForm(parsed.errors, parsed.values);
		const file = await readUpload(form, 'file');
		if (!file) return invalidForm({ file: ['Vui lòng chọn tệp Excel hoặc CSV.'] }, parsed.values);
		try {
			const report = await importUsers(ctxOf(event), file, parsed.data.mode);
			// The file travels in this answer only, so nothing on the server keeps the passwords.
			const passwordsFile = report.credentials.length
				? await exportDataUrl(temporaryPasswordsBook(report.credentials))
				: null;
			return { report, passwordsFile, values: parsed.values };
		} catch (error) {
			return failWith(error, parsed.values);
		}
	}
});
