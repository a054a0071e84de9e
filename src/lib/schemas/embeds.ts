import { z } from 'zod';

/** How many portals one unit may list: enough for a province's, few enough to read in a header. */
export const MAX_EMBED_ORIGINS = 30;

/**
 * One allowed site as a normalised origin ("https://tinhdoan.example.vn"), or the Vietnamese
 * reason it is refused. Only http(s) origins: no path, query, fragment or credentials, and no
 * wildcard (a "*.example.vn" would trust every subdomain, including ones the unit does not run;
 * each portal is listed by name instead).
 */
export function parseEmbedOrigin(line: string): { origin: string } | { error: string } {
	const text = line.trim();
	const refuse = (why: string) => ({ error: `“${text}”: ${why}` });
	if (text.includes('*')) return refuse('không dùng ký tự đại diện *, hãy ghi từng trang.');
	if (!/^https?:\/\//i.test(text))
		return refuse('địa chỉ phải bắt đầu bằng https:// (hoặc http://).');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return refuse('không phải địa chỉ trang web hợp lệ.');
	}
	if (url.username || url.password) return refuse('không được chứa tên đăng nhập hay mật khẩu.');
	// new URL() turns "https://a.vn" and "https://a.vn/" alike into the path "/": only a bare
	// origin, with or without its final slash, is a site.
	if (url.pathname !== '/' || url.search || url.hash || /^https?:\/\/[^/]+\/./i.test(text))
		return refuse('chỉ ghi tên trang (ví dụ https://tinhdoan.example.vn), không kèm đường dẫn.');
	return { origin: url.origin };
}

/** The list as typed in a text box: one site a line (commas and spaces also separate them). */
export function parseEmbedOrigins(text: string): { origins: string[]; errors: string[] } {
	const origins: string[] = [];
	const errors: string[] = [];
	for (const line of text.split(/[\s,]+/)) {
		if (!line) continue;
		const parsed = parseEmbedOrigin(line);
		if ('error' in parsed) errors.push(parsed.error);
		else if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
	}
	if (origins.length > MAX_EMBED_ORIGINS)
		errors.push(`Chỉ được ghi tối đa ${MAX_EMBED_ORIGINS} trang.`);
	return { origins, errors };
}

/** The unit settings form's field: a text box in, a list of origins out. */
export const embedOriginsSchema = z.object({
	embedOrigins: z
		.string()
		.max(10_000, 'Danh sách quá dài.')
		.default('')
		.transform((text, ctx) => {
			const { origins, errors } = parseEmbedOrigins(text);
			for (const message of errors) ctx.addIssue({ code: 'custom', message });
			return origins;
		})
});
