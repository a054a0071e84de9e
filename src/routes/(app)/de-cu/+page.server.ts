import { ctxOf, orErrorPage } from '$lib/server/http';
import { listMyUnitDossiers, listNominationOpportunities } from '$lib/server/nominations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = ctxOf(event);
	const [opportunities, dossiers] = await orErrorPage(
		Promise.all([listNominationOpportunities(ctx), listMyUnitDossiers(ctx)])
	);
	return { opportunities, dossiers };
};
