import { formAction } from '$lib/server/adapters';
import { adminActions } from '$lib/server/http';
import { importUsers } from '$lib/server/users';
import type { Actions } from './$types';

export const actions = adminActions<Actions>({
	default: formAction(importUsers, {
		done: (report, _event, values) => ({ report, values })
	})
});
