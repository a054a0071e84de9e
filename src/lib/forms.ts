import type { SubmitFunction } from '@sveltejs/kit';

/** `use:enhance={keep}`: a refused form keeps what the user typed (SvelteKit's default resets it). */
export const keep: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });
