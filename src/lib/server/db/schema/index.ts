export * from './units';
export * from './auth';
export * from './audit';
export * from './questions';
export * from './contests';
