import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with OWASP's minimum parameters.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

/** False for an account with no password yet (an invitation not taken up), in the same time. */
export async function verifyPassword(
	passwordHash: string | null,
	password: string
): Promise<boolean> {
	if (passwordHash === null) return (await hashPassword(password), false);
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}
