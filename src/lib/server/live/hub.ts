/**
 * Per node: the screens connected here (by game), the snapshot they are sent after every
 * event, and the close timers. Nothing here is the truth: every push reloads from the
 * database, and timers are re-armed from it on start and on a listener reconnect.
 */
import type { Database, Db } from '../db/client';
import {
	LIVE_CHANNEL,
	busReconnected,
	deliver,
	onBusReconnect,
	onLiveEvent,
	useNotify
} from '../realtime/bus';
import { log } from '../log';
import * as repo from './repo';
import { closeTimerDelay } from './rules';
import { closeDue } from './service';
import { currentSnapshot, viewFor, type Audience, type Snapshot } from './view';

export interface Subscriber {
	audience: Audience;
	/** A phone's player, who also gets their own status; null for the other audiences. */
	playerId: number | null;
	send(data: string): void;
}

interface Room {
	subscribers: Set<Subscriber>;
	running: Promise<void> | null;
	again: boolean;
}

const rooms = new Map<number, Room>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
/** Close timers that fired and are in the database: the shutdown waits for them. */
const closing = new Set<Promise<unknown>>();
let db: Db | null = null;
const realClock = () => new Date();
/** The server's clock: the close timers and the countdown's stamp (tests give their own). */
let clock: () => Date = realClock;
/** Set while stopping: nothing new is armed. */
let stopping = false;
let stopListening: (() => Promise<void>) | null = null;
const detach: (() => void)[] = [];

/** What a subscriber was last sent: the version, and (phones) their own status as JSON. */
const sent = new WeakMap<Subscriber, { version: number; me: string | null }>();

/**
 * Each audience's view serialised once per change, the same string for all its subscribers. A
 * phone's frame carries its player's status only when that changed since the last frame sent
 * to it (phones keep the last one), so an ordinary change sends one frame to a whole hall.
 */
class Frames {
	private readonly json = new Map<Audience, string>();
	constructor(
		readonly snapshot: Snapshot,
		private readonly now: Date
	) {}

	private game(audience: Audience): string {
		let game = this.json.get(audience);
		if (game === undefined) {
			const view = viewFor(this.snapshot, audience, this.now);
			game = audience === 'phone' ? `{"game":${JSON.stringify(view)}}` : JSON.stringify(view);
			this.json.set(audience, game);
		}
		return game;
	}

	/** The frame for this subscriber, or null when it was already sent a newer version. */
	of(subscriber: Subscriber): string | null {
		const last = sent.get(subscriber);
		if (last && last.version > this.snapshot.version) return null;
		const game = this.game(subscriber.audience);
		if (subscriber.audience !== 'phone') {
			sent.set(subscriber, { version: this.snapshot.version, me: null });
			return game;
		}
		const me = JSON.stringify(
			subscriber.playerId === null ? null : this.snapshot.meOf(subscriber.playerId)
		);
		sent.set(subscriber, { version: this.snapshot.version, me });
		return last?.me === me ? game : `${game.slice(0, -1)},"me":${me}}`;
	}
}

function arm(gameId: number, deadlineAt: Date | null) {
	const existing = timers.get(gameId);
	if (existing) clearTimeout(existing);
	timers.delete(gameId);
	if (!deadlineAt || !db || stopping) return;
	const handle = db;
	timers.set(
		gameId,
		setTimeout(
			() => {
				timers.delete(gameId);
				const run = closeDue({ db: handle, actor: null, now: clock() }, { gameId })
					.catch((error) => log().error({ err: error, gameId }, 'live close timer failed'))
					.finally(() => closing.delete(run));
				closing.add(run);
			},
			closeTimerDelay(deadlineAt, clock())
		)
	);
}

async function refreshOnce(gameId: number) {
	if (!db) return;
	const game = await repo.findGame(db, gameId);
	if (!game) return;
	arm(gameId, game.state === 'open' ? game.deadlineAt : null);
	const room = rooms.get(gameId);
	if (!room || room.subscribers.size === 0) return;
	const frames = new Frames(await currentSnapshot(db, game), clock());
	for (const subscriber of room.subscribers) {
		const frame = frames.of(subscriber);
		if (frame !== null) subscriber.send(frame);
	}
}

/** Coalesces bursts: at most one reload running per game, and one more after it if needed. */
function refresh(gameId: number): Promise<void> {
	let room = rooms.get(gameId);
	if (!room) {
		room = { subscribers: new Set(), running: null, again: false };
		rooms.set(gameId, room);
	}
	const r = room;
	if (r.running) {
		r.again = true;
		return r.running;
	}
	r.running = (async () => {
		try {
			do {
				r.again = false;
				await refreshOnce(gameId);
			} while (r.again);
		} catch (error) {
			log().error({ err: error, gameId }, 'live refresh failed');
		} finally {
			r.running = null;
			if (r.subscribers.size === 0) rooms.delete(gameId);
		}
	})();
	return r.running;
}

async function rearmAll() {
	if (!db) return;
	for (const game of await repo.listOpenGames(db)) arm(game.id, game.deadlineAt);
}

export interface LiveHubOptions {
	/** The server's clock (tests give their own). */
	clock?: () => Date;
}

/** Starts this node's part: listen (PostgreSQL), re-arm timers from the database. */
export async function startLiveHub(
	database: Database,
	options: LiveHubOptions = {}
): Promise<void> {
	if (db) return;
	db = database.db;
	clock = options.clock ?? realClock;
	detach.push(onLiveEvent((gameId) => void refresh(gameId)));
	detach.push(
		onBusReconnect(() => {
			void rearmAll().catch((error) => log().error({ err: error }, 'live timers not re-armed'));
			for (const gameId of rooms.keys()) void refresh(gameId);
		})
	);
	if (database.listen) {
		const listening = await database.listen(
			LIVE_CHANNEL,
			(payload) => {
				const id = Number(payload);
				if (Number.isInteger(id)) deliver(id);
			},
			() => busReconnected()
		);
		stopListening = listening.unlisten;
		useNotify(true);
	}
	await rearmAll();
}

/**
 * Stops this node's part. A close that a timer already began, and the screens' reloads under
 * way, finish first (the database closes next); timers not yet due are left to the other
 * nodes, which arm them from the database.
 */
export async function stopLiveHub(): Promise<void> {
	detach.splice(0).forEach((d) => d());
	stopping = true;
	for (const timer of timers.values()) clearTimeout(timer);
	timers.clear();
	const reloads = [...rooms.values()].flatMap((room) => (room.running ? [room.running] : []));
	await Promise.all([...closing, ...reloads]);
	stopping = false;
	rooms.clear();
	useNotify(false);
	await stopListening?.().catch(() => {});
	stopListening = null;
	db = null;
	clock = realClock;
}

/**
 * A screen connects: it is registered first and then sent the current state, so no event can
 * fall between the two; a late initial snapshot is older, and clients drop older versions.
 */
export async function subscribe(
	gameId: number,
	subscriber: Subscriber,
	loadInitial: () => Promise<Snapshot>
): Promise<() => void> {
	let room = rooms.get(gameId);
	if (!room) {
		room = { subscribers: new Set(), running: null, again: false };
		rooms.set(gameId, room);
	}
	room.subscribers.add(subscriber);
	const unsubscribe = () => {
		const r = rooms.get(gameId);
		r?.subscribers.delete(subscriber);
		if (r && r.subscribers.size === 0 && !r.running) rooms.delete(gameId);
	};
	try {
		const frame = new Frames(await loadInitial(), clock()).of(subscriber);
		if (frame !== null) subscriber.send(frame);
	} catch (error) {
		unsubscribe();
		throw error;
	}
	return unsubscribe;
}

/** For tests and the health of a node: how many screens and timers it holds. */
export function hubStats() {
	let subscribers = 0;
	for (const room of rooms.values()) subscribers += room.subscribers.size;
	return { games: rooms.size, subscribers, timers: timers.size };
}
