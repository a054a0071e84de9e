import { requireActor } from '../auth/policy';
import type { Ctx } from '../context';
import * as repo from './repo';

/** The signed-in person's latest updates and how many are unread. */
export async function listMyUpdates(ctx: Ctx) {
	const actor = requireActor(ctx);
	const [items, unread] = await Promise.all([
		repo.listNotifications(ctx.db, actor.id),
		repo.countUnread(ctx.db, actor.id)
	]);
	return { items, unread };
}

/** Marks one's own updates read: a reader's bookkeeping, not audited (it never was). */
export async function markMyUpdatesRead(ctx: Ctx): Promise<void> {
	const actor = requireActor(ctx);
	await repo.markAllRead(ctx.db, actor.id, ctx.now);
}

export async function countMyUnreadUpdates(ctx: Ctx): Promise<number> {
	const actor = requireActor(ctx);
	return repo.countUnread(ctx.db, actor.id);
}
