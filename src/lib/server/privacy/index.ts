/** The privacy area's public entry (personal data under Nghị định 13/2023/NĐ-CP; docs/privacy.md). */
export * from './service';
export * from './guest';
export { myDataBook } from './book';
export { startRetentionSchedule, type RetentionSchedule } from './scheduler';
