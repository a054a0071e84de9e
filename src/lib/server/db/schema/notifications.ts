import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** In-app updates: what changed for this person. */
export const notifications = pgTable(
	'notifications',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true }).notNull(),
		message: text().notNull(),
		link: text(),
		readAt: timestamp({ withTimezone: true })
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.at)]
);

export type Notification = typeof notifications.$inferSelect;
