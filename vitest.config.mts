import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const libs = fileURLToPath(new URL('./libs', import.meta.url));
const schema = fileURLToPath(new URL('./migrations/schema.ts', import.meta.url));

/** Unit tests: `*.spec.ts` beside the code. */
export default defineConfig({
  plugins: [
    swc.vite({
      swcrc: false,
      configFile: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
        keepClassNames: true,
      },
    }),
  ],
  resolve: {
    alias: [
      { find: /^@tessera\/schema$/, replacement: schema },
      { find: /^@tessera\/([a-z0-9-]+)$/, replacement: `${libs}/$1/src/index.ts` },
    ],
  },
  test: {
    include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
  },
});
