import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SvelteKit's origin check (on by default) covers form posts; hooks add the same for JSON.
		adapter: adapter({ out: 'build' }),
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
