import { solve } from '$lib/proof';
import type { Challenge } from '../antiabuse/pow';

/** A challenge solved as the browser solves it ($lib/proof): the form's `altcha` payload. */
export async function solvedProof(challenge: Challenge): Promise<string> {
	return (await solve(challenge))!;
}
