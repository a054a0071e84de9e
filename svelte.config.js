import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// SvelteKit's own origin check for form posts cannot let one path through, and a mail
		// client's one-click opt-out (RFC 8058) posts to /thu/ngung-nhan from another site. The
		// hook refuseCrossSiteWrites (src/lib/server/hooks/cross-site.ts) applies the same rule to
		// every form post but that one, and to JSON too.
		csrf: { trustedOrigins: ['*'] },
		// Scripts only from this origin or with the page's nonce (SvelteKit adds it); styles may be
		// inline because Svelte sets style attributes. Framing (frame-ancestors) is not here: it
		// varies per response (embeddable pages name their unit's portals), so the hook
		// src/lib/server/hooks/headers.ts sends it as a policy of its own on every response.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		typescript: {
			// Scripts and root configs are type-checked and linted like the app.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../scripts/**/*.ts',
					'../bench/**/*.ts',
					'../playwright.config.ts',
					'../drizzle.config.ts'
				);
			}
		}
	},
	compilerOptions: { runes: true }
};

export default config;
