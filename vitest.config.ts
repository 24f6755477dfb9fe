import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// Tests never read the developer's real ~/.aws or ~/.codex: see test/setup.ts.
		setupFiles: ['test/setup.ts'],
		pool: 'forks',
	},
});
