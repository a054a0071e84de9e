import { formAction } from '$lib/server/adapters';
import { backupNow, listBackups } from '$lib/server/backups';
import { adminActions, ctxOf, orErrorPage } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	backups: await orErrorPage(listBackups(ctxOf(event)))
});

export const actions = adminActions<Actions>({
	backup: formAction(backupNow, {
		done: (file) => ({ success: `Đã sao lưu vào tệp ${file.name}.` })
	})
});
