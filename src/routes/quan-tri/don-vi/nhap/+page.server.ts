import { formAction } from '$lib/server/adapters';
import { adminActions } from '$lib/server/http';
import * as units from '$lib/server/units';
import type { Actions } from './$types';

export const actions = adminActions<Actions>({
	default: formAction(units.importUnits, { done: (report, _event, values) => ({ report, values }) })
});
