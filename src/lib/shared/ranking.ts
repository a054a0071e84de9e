/**
 * Competition ranking ("1, 1, 3") over rows already in ranking order: a row equal to the one
 * before it under `sameAs` shares its rank. Official results never split a tie by list order.
 */
export function withSharedRanks<T>(
	sorted: readonly T[],
	sameAs: (a: T, b: T) => boolean
): (T & { rank: number })[] {
	const ranked: (T & { rank: number })[] = [];
	sorted.forEach((row, i) => {
		const previous = ranked[i - 1];
		const rank = previous && sameAs(sorted[i - 1]!, row) ? previous.rank : i + 1;
		ranked.push({ ...row, rank });
	});
	return ranked;
}
