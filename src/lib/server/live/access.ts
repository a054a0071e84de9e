import type { Actor } from '../auth/actor';
import { can } from '../auth/policy';
import type { Db } from '../db/client';
import type { LiveGame } from '../db/schema';
import { notFound } from '../errors';
import { hashSecretToken, newSecretToken } from '../secret-token';
import type { Check } from '../usecase';
import * as repo from './repo';
import { GAME_NOT_FOUND } from './rules';

/** The player's cookie and its stored hash, made as a session's are. */
export const hashPlayerToken = hashSecretToken;
export const newPlayerToken = newSecretToken;

function hostResource(game: Pick<LiveGame, 'unitPath'>) {
	return { kind: 'unit', path: game.unitPath } as const;
}

/** Hosting a game; anyone else gets 404 so nothing leaks. */
export const hostCheck = (game: Pick<LiveGame, 'unitPath'>): Check => ({
	action: 'live.host',
	resource: hostResource(game),
	hidden: GAME_NOT_FOUND
});

/** A game the actor hosts; anyone else gets 404 so nothing leaks. */
export async function loadHosted(db: Db, actor: Actor, code: string): Promise<LiveGame> {
	const game = await repo.findGameByCode(db, code);
	if (!game || !can(actor, 'live.host', hostResource(game))) throw notFound(GAME_NOT_FOUND);
	return game;
}

export async function loadGame(db: Db, code: string, lock?: 'update'): Promise<LiveGame> {
	const game = await repo.findGameByCode(db, code, lock);
	if (!game) throw notFound(GAME_NOT_FOUND);
	return game;
}

export async function playerOf(db: Db, game: LiveGame, token: string | undefined) {
	if (!token) return null;
	const player = await repo.findPlayerByToken(db, game.id, hashPlayerToken(token));
	return player && player.status !== 'kicked' ? player : null;
}
