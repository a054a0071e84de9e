/** The judging area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { judgedRanks } from './results';
export { combineJuryAndPublic } from './rules';
export { findPanelByCampaign, listCriteria } from './repo';
export { copyCampaign } from './copy';
