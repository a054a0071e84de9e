import { createHmac, timingSafeEqual } from 'node:crypto';
import { mailTopics, type MailTopic } from '$lib/shared/mail';

/** How long to wait before the n-th retry (n ≥ 1): one minute, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** After this many attempts a message stays failed until an administrator resends it. */
export const MAX_ATTEMPTS = 8;

/**
 * Replies that no retry will change: the address does not exist or was refused. Anything else
 * (no connection, a timeout, a full mailbox, a sign-in problem an administrator will fix) waits.
 */
export function isPermanent(error: { responseCode?: number; code?: string }): boolean {
	if (error.code === 'EENVELOPE') return true;
	return error.responseCode !== undefined && [501, 550, 551, 553, 554].includes(error.responseCode);
}

/** How long a sender holds a claimed message before another may take it (its node died). */
export const LEASE_MS = 5 * 60_000;

/** How long updates of one topic gather before they go as one message. */
export const DIGEST_HOLD_MS = 3 * 60_000;

/** The opt-out link's code: which address turns which topic off, signed so nobody forges one. */
export function optOutCode(secret: string, address: string, topic: MailTopic): string {
	const payload = Buffer.from(`${address.trim().toLowerCase()}\n${topic}`).toString('base64url');
	return `${payload}.${sign(secret, payload)}`;
}

export function readOptOutCode(
	secret: string,
	code: string
): { address: string; topic: MailTopic } | null {
	const [payload, signature, ...rest] = code.split('.');
	if (!payload || !signature || rest.length) return null;
	const expected = Buffer.from(sign(secret, payload));
	const given = Buffer.from(signature);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
	const [address, topic] = Buffer.from(payload, 'base64url').toString().split('\n');
	if (!address || !mailTopics.includes(topic as MailTopic)) return null;
	return { address, topic: topic as MailTopic };
}

function sign(secret: string, payload: string) {
	return createHmac('sha256', `mail-opt-out:${secret}`).update(payload).digest('base64url');
}
