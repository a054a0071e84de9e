export * from './units';
export * from './auth';
export * from './audit';
export * from './campaigns';
export * from './voting';
export * from './questions';
export * from './contests';
export * from './live';
