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

/** The domain error a use case refuses with; fails the test when it succeeds. */
export async function failure(work: Promise<unknown>): Promise<DomainError> {
	try {
		await work;
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a refusal');
}
