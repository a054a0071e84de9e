/** The voting area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export * from './final-ranking';
export { voteFormSuccess, voterOf } from './http';
export { votingNodeRoutes } from './node-routes';
export { pollsForReport } from './year';
export * from './personal-data';
