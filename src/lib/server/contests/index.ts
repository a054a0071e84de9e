/** The contests area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { playCtxOf, setGuestCookie } from './http';
export { contestNodeRoutes } from './node-routes';
export { findContest, findRound } from './repo';
export { listRoundWinnerContacts, listRoundWinners, listRoundsWithWinners } from './repo';
export { contestsForReport } from './year';
export * from './personal-data';
