/**
 * What a person proves by reading their mailbox: a forgotten password replaced, an invitation
 * taken up, an address confirmed. Each message carries a single-use link (minted when it is
 * sent, see account-tokens.ts); the use cases here spend it.
 */
import { z } from 'zod';
import { newPasswordSchema, passwordResetRequestSchema } from '$lib/schemas/auth';
import type { AccountTokenPurpose } from '$lib/shared/mail';
import { hashAddress } from '../antiabuse/pow';
import { antiAbuseKey } from '../antiabuse/repo';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { conflict, forbidden, notFound, tooManyRequests } from '../errors';
import {
	enqueueMail,
	lastMailQueuedAt,
	normalAddress,
	withdrawPendingMail,
	type NewMail
} from '../notifications';
import { defineUseCase } from '../usecase';
import { ownAccount, startSession } from './account';
import { peekAccountToken, revokeAccountTokens, spendAccountToken } from './account-tokens';
import { hashPassword } from './password';
import * as repo from './repo';
import {
	describeWait,
	judgeAttempt,
	recordFailure,
	resetAccountLimits,
	resetAddressLimits,
	VERIFICATION_RESEND_MS
} from './rules';

/** The one answer to a reset request, whether or not the address has an account. */
export const RESET_REQUESTED =
	'Nếu email này có tài khoản, chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu. Vui lòng kiểm tra hộp thư (cả mục Thư rác); liên kết trong thư dùng được một lần, trong 1 giờ.';

export const PASSWORD_LINK_UNUSABLE =
	'Liên kết này không còn dùng được: có thể nó đã được dùng, đã hết hạn, hoặc đã có thư mới hơn thay thế. Bạn có thể yêu cầu thư mới ở trang Quên mật khẩu.';

export const VERIFY_LINK_UNUSABLE =
	'Liên kết xác nhận này không còn dùng được: có thể nó đã được dùng, đã hết hạn, hoặc đã có thư mới hơn thay thế. Hãy đăng nhập và bấm “Gửi lại thư xác nhận” ở trang Tài khoản.';

const DEACTIVATED = 'Tài khoản này đã bị vô hiệu hoá. Vui lòng liên hệ cán bộ quản lý.';

/** A link's token as it arrives from the address bar; anything longer is no token of ours. */
const token = z.string().max(100).catch('');

/** Rolls a rehearsal back without reporting an error. */
class Rehearsal extends Error {}

/**
 * Writes the message, or, when there is nothing to send, writes the same row in a savepoint and
 * rolls it back: the answer then takes as long whether or not the address has an account.
 */
async function enqueueOrRehearse(db: Db, now: Date, mail: NewMail, send: boolean) {
	try {
		await db.transaction(async (savepoint) => {
			await enqueueMail(savepoint, now, mail);
			if (!send) throw new Rehearsal();
		});
	} catch (error) {
		if (!(error instanceof Rehearsal)) throw error;
	}
}

/**
 * "Quên mật khẩu": sends a reset link to an active account's address. The answer, and the work
 * done, are the same for an address without an account, so the page reveals nobody's account.
 * Each client address may ask 5 times an hour (told so when over); each account receives at
 * most 3 messages an hour, silently, since saying so would reveal that the account exists.
 */
export const requestPasswordReset = defineUseCase({
	name: 'user.password_reset_request',
	public:
		'Someone who forgot their password cannot sign in: the reset link goes only to the account’s own address, and the same answer for every address plus per-address and per-account allowances guard it instead of a policy.',
	input: passwordResetRequestSchema.extend({
		/** The client's address, from the request (never from the form). */
		address: z.string()
	}),
	run: async ({ db, now }, input) => {
		const secret = await antiAbuseKey(db);
		const addressKey = `reset-address:${hashAddress(input.address, secret)}`;
		const address = await repo.lockThrottle(db, addressKey, now);
		const verdict = judgeAttempt(address, resetAddressLimits, now);
		if (!verdict.allowed)
			throw tooManyRequests(
				`Địa chỉ mạng của bạn đã yêu cầu đặt lại mật khẩu ${resetAddressLimits.lockAfter} lần trong một giờ. Vui lòng thử lại sau ${describeWait(verdict.retryAfterMs)}.`
			);
		await repo.saveThrottle(db, addressKey, recordFailure(address, resetAddressLimits, now));

		// Counted by address, known or not, so that the work is the same for both.
		const accountKey = `reset-account:${normalAddress(input.email)}`;
		const account = await repo.lockThrottle(db, accountKey, now);
		const accountAllows = judgeAttempt(account, resetAccountLimits, now).allowed;
		if (accountAllows)
			await repo.saveThrottle(db, accountKey, recordFailure(account, resetAccountLimits, now));

		const user = await repo.findUserByEmail(db, input.email);
		await enqueueOrRehearse(
			db,
			now,
			{
				kind: 'password_reset',
				to: user?.email ?? input.email,
				userId: user?.id ?? null,
				data: { fullName: user?.fullName ?? '' }
			},
			Boolean(user?.active && accountAllows)
		);
		return RESET_REQUESTED;
	}
});

/** @public What a link's page shows before it is used: whose account, for what; null when it no longer works. */
export async function readAccountLink(
	ctx: Ctx,
	raw: string,
	purposes: readonly AccountTokenPurpose[]
) {
	const parsed = token.parse(raw);
	if (!parsed) return null;
	// Read only: mail scanners open links before people do, and must not spend them.
	const link = await peekAccountToken(ctx.db, parsed, ctx.now);
	if (!link || !purposes.includes(link.purpose)) return null;
	const user = await repo.findUserById(ctx.db, link.userId);
	if (!user || !user.active) return null;
	return {
		purpose: link.purpose,
		email: user.email,
		fullName: user.fullName,
		/** The link was sent to the account's address as it is now (not to an older one). */
		toCurrentAddress: normalAddress(link.address) === normalAddress(user.email)
	};
}

/**
 * An invitation or reset link, used: the password is set, every session of the account ends,
 * other links to set a password stop working, and the browser that used it is signed in. The
 * link proves the mailbox it was sent to, so the address counts as verified if it is still the
 * account's. Two clicks at once spend it once (the row is updated under its lock).
 */
export const setPasswordFromLink = defineUseCase({
	name: 'user.password_set',
	public:
		'Whoever opens an invitation or reset link is not signed in yet: the single-use token sent to the account’s own address authorises setting its password.',
	input: newPasswordSchema.safeExtend({ token }),
	run: async ({ db, now }, input) => {
		// Spent before the password is hashed: a wrong link costs the server nothing.
		const link = await spendAccountToken(db, input.token, ['invite', 'reset'], now);
		if (!link) throw notFound(PASSWORD_LINK_UNUSABLE);
		const user = await repo.loadActor(db, link.userId);
		if (!user) throw forbidden(DEACTIVATED);
		await repo.setPasswordHash(db, user.id, await hashPassword(input.password), now);
		await repo.deleteUserSessions(db, user.id);
		await revokeAccountTokens(db, user.id, ['invite', 'reset']);
		await withdrawPendingMail(db, user.id, ['invitation', 'password_reset']);
		const verified = normalAddress(link.address) === normalAddress(user.email);
		if (verified) await repo.markEmailVerified(db, user.id, now);
		const session = await startSession(db, user.id, now);
		return { session, user, purpose: link.purpose, verified };
	},
	audit: ({ user, purpose, verified }) => ({
		// The account's owner acts: nobody was signed in.
		actorId: user.id,
		entityType: 'user',
		entityId: user.id,
		unitPath: user.unitPath,
		after: { link: purpose === 'invite' ? 'invitation' : 'reset', emailVerified: verified }
	}),
	present: ({ session }) => session
});

export type EmailConfirmation =
	{ verified: true; email: string } | { verified: false; email: string; sentTo: string };

/**
 * A verification link, used (by the button on its page: mail scanners open links, but do not
 * press buttons). The address counts as verified only if it is still the account's.
 */
export const confirmEmail = defineUseCase({
	name: 'user.email_verify',
	public:
		'The link in the message is the proof of the mailbox: whoever holds it may confirm the address it was sent to, signed in or not.',
	input: z.object({ token }),
	run: async ({ db, now }, input) => {
		const link = await spendAccountToken(db, input.token, ['verify'], now);
		if (!link) throw notFound(VERIFY_LINK_UNUSABLE);
		const user = await repo.loadActor(db, link.userId);
		if (!user) throw forbidden(DEACTIVATED);
		if (normalAddress(link.address) !== normalAddress(user.email))
			return { user, outcome: { verified: false, email: user.email, sentTo: link.address } };
		await repo.markEmailVerified(db, user.id, now);
		return { user, outcome: { verified: true, email: user.email } };
	},
	audit: ({ user, outcome }) =>
		outcome.verified
			? {
					actorId: user.id,
					entityType: 'user',
					entityId: user.id,
					unitPath: user.unitPath,
					after: { emailVerified: outcome.email }
				}
			: null,
	present: ({ outcome }): EmailConfirmation => outcome as EmailConfirmation
});

/**
 * "Gửi lại thư xác nhận" on the account page: a new verification message, unless the address is
 * verified already or one was written in the last two minutes (it may just be slow to arrive).
 */
export const sendVerificationEmail = defineUseCase({
	name: 'user.email_verification_send',
	input: z.object({}),
	load: async ({ db, actor }) => {
		// Locked: two clicks at once send one message.
		const user = await repo.lockUser(db, actor.id);
		if (!user) throw notFound();
		return { ...user, unitPath: actor.unitPath };
	},
	authorize: (_actor, user) => ({ action: 'account.update', resource: ownAccount(user) }),
	run: async ({ db, now }, _input, user) => {
		if (user.emailVerifiedAt) throw conflict('Email của bạn đã được xác nhận.');
		const last = await lastMailQueuedAt(db, user.id, 'email_verification');
		const waitMs = last ? last.getTime() + VERIFICATION_RESEND_MS - now.getTime() : 0;
		if (waitMs > 0)
			throw tooManyRequests(
				`Thư xác nhận vừa được gửi. Vui lòng kiểm tra hộp thư (cả mục Thư rác), hoặc thử lại sau ${describeWait(waitMs)}.`
			);
		await enqueueMail(db, now, {
			kind: 'email_verification',
			to: user.email,
			userId: user.id,
			data: { fullName: user.fullName }
		});
		return user.email;
	},
	audit: (email, _input, user) => ({
		entityType: 'user',
		entityId: user.id,
		unitPath: user.unitPath,
		after: { to: email }
	})
});
