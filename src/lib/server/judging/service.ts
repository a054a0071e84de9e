// The judging use cases, one file per part of a panel's life.
export * from './panels';
export * from './round';
export * from './closing';
export * from './scoring';
export * from './public';
