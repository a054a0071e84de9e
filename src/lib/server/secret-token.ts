/** The secrets behind cookies (sessions, live players): the database keeps only their hash. */
import { createHash, randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 160 random bits, base32: what the cookie holds. */
export function newSecretToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/**
 * The token's SHA-256 in hex, as stored. Node's own hash: a hall's answers hash one token each,
 * and the pure-JS one cost about ten times as much per request.
 */
export function hashSecretToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
