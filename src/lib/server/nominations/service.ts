// The nominations use cases, one file per part of a dossier's life.
export * from './drafts';
export * from './screening';
export * from './dossier';
