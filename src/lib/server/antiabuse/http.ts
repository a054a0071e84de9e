import { error, json } from '@sveltejs/kit';
import { DomainError } from '../errors';
import type { Challenge } from './pow';

/** A fresh proof-of-work challenge as JSON, never cached; a domain error becomes its status. */
export async function challengeResponse(work: Promise<Challenge>): Promise<Response> {
	try {
		return json(await work, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		if (caught instanceof DomainError) error(caught.status, caught.message);
		throw caught;
	}
}
