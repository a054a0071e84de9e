import { DomainError } from '../errors';

/** The HTTP status a use case ends with: 200, or its domain error's status. */
export async function statusOf(work: Promise<unknown>): Promise<number> {
	try {
		await work;
		return 200;
	} catch (error) {
		if (error instanceof DomainError) return error.status;
		throw error;
	}
}
