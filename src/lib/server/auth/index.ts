/** The auth area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export * from './account-link-use-cases';
export { hashPassword, verifyPassword } from './password';
export { deleteUserSessions, findUserByEmail, insertSession, loadActor } from './repo';
export {
	type ThrottleLimits,
	describeWait,
	judgeAttempt,
	LONGEST_WINDOW_MS,
	recordFailure,
	sessionExpiry
} from './rules';
export { generateSessionToken, sessionIdFromToken } from './tokens';
export { getThrottle, lockThrottle, purgeThrottles, saveThrottle } from './repo';
export { findUserContacts, findUserNames } from './repo';
export {
	mintAccountLink,
	peekAccountToken,
	revokeAccountTokens,
	spendAccountToken,
	TOKEN_LIFETIME_MS
} from './account-tokens';
