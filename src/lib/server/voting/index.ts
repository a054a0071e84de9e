/** The voting area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export * from './final-ranking';
export { voterOf } from './http';
export { pollsForReport } from './year';
export * from './personal-data';
