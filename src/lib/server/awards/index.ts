/** The awards area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { campaignResults } from './sources';
export { awardsForReport, reportSignOff, type ReportScope } from './year';
export * from './personal-data';
