/** The nominations area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export { findDossier, findFile, listFiles, listSentDossiers, officersOfDossiers } from './repo';
export { dossierPhoto, hasDossierPhoto, listAcceptedDossiers, listDossierCards } from './repo';
export { dossierPdf, type DossierPdfOptions } from './dossier-pdf';
export * from './personal-data';
