/**
 * Who hears what: the topics a person turned off, from their account page or from the opt-out
 * link every non-essential message carries. Essential messages (invitation, password reset,
 * address check) have no topic and always go.
 */
import { mailPreferencesSchema, optOutSchema } from '$lib/schemas/mail';
import { mailTopicLabels, mailTopics, type MailTopic } from '$lib/shared/mail';
import { antiAbuseKey } from '../antiabuse/repo';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { invalid, notFound } from '../errors';
import { defineUseCase } from '../usecase';
import { setTopicOff, topicsTurnedOff } from './outbox';
import { readOptOutCode } from './rules';

export const MAIL_PREFERENCES_SAVED = 'Đã lưu lựa chọn nhận thư.';

const topicsOf = (off: readonly MailTopic[]) =>
	mailTopics.map((topic) => ({ topic, label: mailTopicLabels[topic], on: !off.includes(topic) }));

/** The signed-in person's topics, each on or off, keyed by their account's address. */
export async function getMyMailPreferences(ctx: Ctx) {
	const actor = requireActor(ctx);
	return {
		address: actor.email,
		topics: topicsOf(await topicsTurnedOff(ctx.db, actor.email))
	};
}

const ownAccount = (actor: Actor) => ({
	action: 'account.update' as const,
	resource: { kind: 'user' as const, id: actor.id, unitPath: actor.unitPath, rolePaths: [] }
});

/** Saves the account page's choice: ticked topics on, the rest off, for the account's address. */
export const updateMailPreferences = defineUseCase({
	name: 'mail.preferences',
	input: mailPreferencesSchema,
	authorize: (actor) => ownAccount(actor),
	run: async ({ db, actor, now }, { topics }) => {
		const before = await topicsTurnedOff(db, actor.email);
		const off = mailTopics.filter((t) => !topics.includes(t));
		for (const topic of mailTopics)
			await setTopicOff(db, actor.email, topic, off.includes(topic), now);
		return { userId: actor.id, before, off };
	},
	audit: ({ userId, before, off }) => ({
		entityType: 'user',
		entityId: userId,
		before: { topicsOff: before },
		after: { topicsOff: off }
	}),
	present: () => undefined
});

const NO_CODE = 'Liên kết thiếu mã ngừng nhận thư. Hãy mở lại đúng liên kết ở cuối thư.';
const BAD_CODE =
	'Liên kết ngừng nhận thư không đúng hoặc đã bị sửa. Hãy mở lại đúng liên kết ở cuối thư, hoặc đăng nhập và chọn loại thư muốn nhận ở trang Tài khoản.';

/** The address and topic a link's code names; a missing code is 400, a forged one 404. */
async function decodeOptOut(db: Db, code: string | null | undefined) {
	if (!code) throw invalid(NO_CODE);
	const found = readOptOutCode(await antiAbuseKey(db), code);
	if (!found) throw notFound(BAD_CODE);
	return found;
}

/**
 * @public The opt-out page (GET, which changes nothing: mail scanners open links): which address
 * and topic the link names, and whether that topic is off now.
 */
export async function readOptOutLink(db: Db, code: string | null) {
	const found = await decodeOptOut(db, code);
	const off = await topicsTurnedOff(db, found.address);
	return { ...found, label: mailTopicLabels[found.topic], off: off.includes(found.topic) };
}

/**
 * Turns the link's topic off for its address (or back on with `resume`): the page's button and a
 * mail client's one-click POST, cross-site and without a cookie.
 */
export const optOutByLink = defineUseCase({
	name: 'mail.opt_out',
	public:
		'The signed code in the message’s own link is the authorisation: only the address it was sent to holds it, and it names that address and one topic (RFC 8058 one-click).',
	input: optOutSchema,
	load: ({ db }, input) => decodeOptOut(db, input.ma),
	run: async ({ db, now }, { resume }, { address, topic }) => {
		await setTopicOff(db, address, topic, !resume, now);
		return { address, topic, off: !resume };
	},
	audit: ({ address, topic, off }) => ({
		entityType: 'mail_topic',
		entityId: topic,
		after: { address, topic, off }
	}),
	present: ({ address, topic, off }) => ({ address, topic, label: mailTopicLabels[topic], off })
});
