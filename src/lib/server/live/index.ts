/** The live area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { answerReply, parseAnswer, playerCookie, setPlayerCookie } from './http';
export { startLiveHub, stopLiveHub } from './hub';
export { liveNodeRoutes } from './node-routes';
export { joinQrSvg } from './qr';
export { finalOrder } from './rules';
export { liveStream } from './stream';
export { findGame, listPlayers } from './repo';
export { countRunningGames, listFinishedGames } from './repo';
export { printable } from './printables';
export { copyGameFields } from './copy';
export { gamesForReport } from './year';
export * from './personal-data';
