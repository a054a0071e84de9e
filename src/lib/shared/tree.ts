/** Indents a unit name by its depth for a select list: the tree stays readable on a phone. */
export function unitOptionLabel(unit: { name: string; code: string; depth: number }): string {
	return `${'\u2003'.repeat(Math.min(unit.depth, 8))}${unit.name} (${unit.code})`;
}
