/** The voting area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { voterOf } from './http';
export { isFrozen } from './rules';
export { countVotes, findCampaignPoll, listOptions } from './repo';
