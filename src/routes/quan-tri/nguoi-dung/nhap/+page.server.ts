import { formAction } from '$lib/server/adapters';
import { exportDataUrl } from '$lib/server/files/export';
import { adminActions } from '$lib/server/http';
import { importUsers, temporaryPasswordsBook } from '$lib/server/users';
import type { Actions } from './$types';

export const actions = adminActions<Actions>({
	default: formAction(importUsers, {
		done: async (report, _event, values) => ({
			report,
			// The file travels in this answer only, so nothing on the server keeps the passwords.
			passwordsFile: report.credentials.length
				? await exportDataUrl(temporaryPasswordsBook(report.credentials))
				: null,
			values
		})
	})
});
