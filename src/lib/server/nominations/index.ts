/** The nominations area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { findDossier, findFile, listFiles, officersOfDossiers } from './repo';
export { dossierPhoto, hasDossierPhoto, listAcceptedDossiers, listDossierCards } from './repo';
export * from './personal-data';
