/** The users area's use cases, one file per concern. */
export * from './account-use-cases';
export * from './bootstrap-use-cases';
export * from './import-use-cases';
export * from './role-use-cases';
