import { defineConfig } from 'vitest/config';

// Unit tests of pure front-end logic: plain Node, no browser, no DOM.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
