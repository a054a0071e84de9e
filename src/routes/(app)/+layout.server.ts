import { toSignIn } from '$lib/server/http';
import type { LayoutServerLoad } from './$types';

// Every page here is for a signed-in person, so the way to sign in is offered once, here. It
// guards pages only: SvelteKit runs a form action before any load, so each action's use case
// requires its actor itself.
export const load: LayoutServerLoad = ({ locals, url }) => {
	if (!locals.actor) toSignIn(url);
};
