/**
 * One layout for every e-mail: the same blocks become the plain-text part and the HTML part, so
 * the two always say the same thing. Everything from data is escaped here, in one place.
 */
export interface MailBody {
	subject: string;
	/** The person's name for the greeting, when known. */
	name?: string | null;
	paragraphs: string[];
	/** Lines that each may carry their own link (a digest's items). */
	items?: { text: string; href?: string }[];
	/** The main button. */
	action?: { label: string; href: string };
	/** Small print under the button (why they got it, how long a link lasts). */
	notes?: string[];
}

export interface Rendered {
	subject: string;
	text: string;
	html: string;
}

const RED = '#b3261e';
const GOLD = '#c9a227';

export function escapeHtml(value: string): string {
	return value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

/** Renders the blocks; `footer` lines (the opt-out link) close both parts. */
export function renderBody(body: MailBody, footer: { text: string; href?: string }[]): Rendered {
	const greeting = body.name ? `Chào ${body.name},` : 'Chào bạn,';
	const text = [
		greeting,
		'',
		...body.paragraphs.flatMap((p) => [p, '']),
		...(body.items?.length
			? [...body.items.map((i) => `- ${i.text}${i.href ? `\n  ${i.href}` : ''}`), '']
			: []),
		...(body.action ? [`${body.action.label}: ${body.action.href}`, ''] : []),
		...(body.notes ?? []).flatMap((n) => [n, '']),
		'--',
		'Gương Sáng',
		...footer.map((f) => (f.href ? `${f.text}: ${f.href}` : f.text))
	].join('\n');

	const link = (href: string, label: string) =>
		`<a href="${escapeHtml(href)}" style="color:${RED}">${escapeHtml(label)}</a>`;
	const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(body.subject)}</title></head>
<body style="margin:0;padding:0;background:#faf7f0;font-family:Arial,Helvetica,sans-serif;color:#1f1f1f;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:16px">
<div style="border-top:4px solid ${RED};background:#fff;padding:20px">
<p style="margin:0 0 16px;font-weight:bold;color:${RED};font-size:18px">Gương Sáng</p>
<p>${escapeHtml(greeting)}</p>
${body.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
	body.items?.length
		? `<ul style="padding-left:20px">${body.items
				.map(
					(i) =>
						`<li style="margin:0 0 8px">${i.href ? link(i.href, i.text) : escapeHtml(i.text)}</li>`
				)
				.join('')}</ul>`
		: ''
}
${
	body.action
		? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.href)}" style="display:inline-block;background:${RED};color:#fff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold;border-bottom:3px solid ${GOLD}">${escapeHtml(body.action.label)}</a></p>
<p style="font-size:14px;color:#555">Nếu nút không mở được, hãy chép địa chỉ này vào trình duyệt:<br>${escapeHtml(body.action.href)}</p>`
		: ''
}
${(body.notes ?? []).map((n) => `<p style="font-size:14px;color:#555">${escapeHtml(n)}</p>`).join('\n')}
</div>
<p style="font-size:13px;color:#666;padding:0 4px">${footer
		.map((f) => (f.href ? link(f.href, f.text) : escapeHtml(f.text)))
		.join('<br>')}</p>
</div>
</body></html>`;
	return { subject: body.subject, text, html };
}
