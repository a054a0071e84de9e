/** Only same-site paths are followed after sign-in: "//evil.example" and "https://…" are not. */
export function safeRedirectPath(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return fallback;
	}
	// Control characters would make the Location header invalid.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(value) || value.length > 2000) return fallback;
	return value;
}
