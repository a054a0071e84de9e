/**
 * Domain outcomes that routes map to HTTP: services throw these, never SvelteKit's `error`,
 * so they can be tested without HTTP.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 429,
		message: string,
		readonly fieldErrors: FieldErrors = {}
	) {
		super(message);
		this.name = 'DomainError';
	}
}

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') =>
	new DomainError(403, message);
export const notFound = (message = 'Không tìm thấy.') => new DomainError(404, message);
export const conflict = (message: string, fieldErrors: FieldErrors = {}) =>
	new DomainError(409, message, fieldErrors);
export const invalid = (message: string, fieldErrors: FieldErrors = {}) =>
	new DomainError(400, message, fieldErrors);
export const unauthenticated = () => new DomainError(401, 'Vui lòng đăng nhập để tiếp tục.');
export const tooManyRequests = (message: string) => new DomainError(429, message);

/** Unique-constraint violations come back from both engines with SQLSTATE 23505. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		const e = current as {
			code?: string;
			constraint_name?: string;
			constraint?: string;
			cause?: unknown;
		};
		if (e.code === '23505') {
			return !constraint || e.constraint_name === constraint || e.constraint === constraint;
		}
		current = e.cause;
	}
	return false;
}
