import type { Actor } from '$lib/server/auth/actor';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			sessionId: string | null;
			/**
			 * Set by an embeddable page's load (/nhung/...): the sites that may frame this response.
			 * Unset, the response may be framed by the site itself only (hooks/headers.ts).
			 */
			frameAncestors?: string[];
		}
		interface Error {
			message: string;
		}
	}
}

export {};
