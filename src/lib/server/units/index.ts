/** The units area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export * from './import-use-cases';
export { findActiveUnit, findUnit, findUnitsByCodes, findUnitsByIds } from './repo';
export { type RowError, idsOnPath } from './rules';
