/** What the auth area's account use cases share: starting a session, and the own-account check. */
import type { Db } from '../db/client';
import type { Resource } from './policy';
import * as repo from './repo';
import { sessionExpiry } from './rules';
import { generateSessionToken, sessionIdFromToken } from './tokens';

export interface NewSession {
	token: string;
	expiresAt: Date;
}

export async function startSession(db: Db, userId: number, now: Date): Promise<NewSession> {
	const token = generateSessionToken();
	const expiresAt = sessionExpiry(now);
	await repo.insertSession(db, sessionIdFromToken(token), userId, expiresAt);
	return { token, expiresAt };
}

/** The account being changed, as the policy sees it (only its owner may change it). */
export const ownAccount = (user: { id: number; unitPath: string | null }): Resource => ({
	kind: 'user',
	id: user.id,
	unitPath: user.unitPath,
	rolePaths: []
});
