import type { MailTopic } from '$lib/shared/mail';
import { findUserContacts } from '../auth';
import type { Db } from '../db/client';
import { enqueueMail } from './outbox';
import { insertNotifications } from './repo';
import { DIGEST_HOLD_MS } from './rules';

/** Something that changed for some people: the words they read, where it leads, its topic. */
export interface Notice {
	to: readonly number[];
	message: string;
	/** A path on this server. */
	link: string;
	at: Date;
	/** The kind of mail a person may turn off (`mailTopics`). */
	topic: MailTopic;
}

/**
 * Tells people of a change, in the caller's transaction: an in-app update each, and for each
 * active account an e-mail item. Items of one topic for one person gather for a few minutes into
 * one message (the outbox merges them by digest key), so forty dossiers make one e-mail, not forty.
 */
export async function notify(db: Db, notice: Notice): Promise<void> {
	const people = [...new Set(notice.to)];
	if (people.length === 0) return;
	const item = { message: notice.message, link: notice.link };
	await insertNotifications(db, people, { ...item, at: notice.at });
	for (const person of await findUserContacts(db, people)) {
		if (!person.active || !person.email) continue;
		await enqueueMail(db, notice.at, {
			kind: 'updates',
			to: person.email,
			userId: person.id,
			topic: notice.topic,
			data: { fullName: person.fullName, items: [item] },
			digest: { key: `updates:${notice.topic}:${person.id}`, holdMs: DIGEST_HOLD_MS }
		});
	}
}
