import type { Achievement, Nominee } from './campaigns';
import { formatDate } from './format';

/** A saved dossier as the flat values its form shows (dates as dd/mm/yyyy). */
export function dossierFormValues(dossier: {
	nominee: Nominee;
	summary: string;
	narrative: string;
}) {
	const { kind, ...nominee } = dossier.nominee;
	const flat: Record<string, string | number | undefined> = {
		...nominee,
		summary: dossier.summary,
		narrative: dossier.narrative
	};
	if (dossier.nominee.kind === 'work') flat.publishedOn = formatDate(dossier.nominee.publishedOn);
	return flat;
}

export function achievementRows(achievements: Achievement[]) {
	return achievements.map((a) => ({ date: formatDate(a.date), text: a.text }));
}

/** The achievement rows a failed form sent, to show them again as typed. */
export function submittedAchievements(form: FormData) {
	const dates = form.getAll('achievementDate').map(String);
	return form
		.getAll('achievementText')
		.map((text, i) => ({ date: dates[i] ?? '', text: String(text) }))
		.filter((row) => row.date.trim() || row.text.trim());
}

/** The achievements a failed action echoed back, if any (action results differ in shape). */
export function echoedAchievements(form: unknown): { date: string; text: string }[] | null {
	const rows = (form as { achievements?: unknown } | null)?.achievements;
	return Array.isArray(rows) ? (rows as { date: string; text: string }[]) : null;
}
