import type { ParamMatcher } from '@sveltejs/kit';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '$lib/shared/live';

const pattern = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** A live game's join code, as the server issues it (upper case). */
export const match: ParamMatcher = (param) => pattern.test(param);
