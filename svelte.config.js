import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// SvelteKit's origin check (on by default) covers form posts; hooks add the same for JSON.
		adapter: adapter({ out: 'build' })
	},
	compilerOptions: { runes: true }
};

export default config;
