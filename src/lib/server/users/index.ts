/** The users area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export * from './personal-data';
