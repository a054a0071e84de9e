import type { Actor } from './auth/actor';
import type { Db } from './db/client';

/** What every use case receives: the database, who is acting, and the server's time. */
export interface Ctx {
	db: Db;
	actor: Actor | null;
	now: Date;
}
