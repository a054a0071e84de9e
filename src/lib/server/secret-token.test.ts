import { describe, expect, it } from 'vitest';
import { hashSecretToken, newSecretToken } from './secret-token';

describe('secret tokens', () => {
	it('hashes as SHA-256 in lowercase hex (the stored form of every session and player)', () => {
		// FIPS 180-2's test vector, and a token as the cookie holds it.
		expect(hashSecretToken('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(hashSecretToken('k5ddmzsh3oqaf6xsj2b4qnzxkq5hxwbl')).toMatch(/^[0-9a-f]{64}$/);
	});

	it('makes 160 random bits as 32 base32 letters, never the same twice', () => {
		const tokens = Array.from({ length: 1000 }, newSecretToken);
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(new Set(tokens).size).toBe(tokens.length);
	});
});
