import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP, SECURITY_HEADERS } from './csp.config.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The API server the dev server and `vite preview` forward /graphql to.
const API_TARGET = process.env.WALLET_API ?? 'http://127.0.0.1:8080';

const proxy = {
  '/graphql': { target: API_TARGET, ws: true, changeOrigin: false },
  '/health': { target: API_TARGET },
};

// walletd serves GraphiQL at /graphiql as well as /graphiql/; the dev and
// preview servers would answer /graphiql with the dashboard (SPA fallback).
const graphiqlNoSlash: Connect.NextHandleFunction = (req, _res, next) => {
  if (req.url === '/graphiql' || req.url?.startsWith('/graphiql?')) req.url = `/graphiql/${req.url.slice('/graphiql'.length)}`;
  next();
};
const graphiqlPath: Plugin = {
  name: 'wallet-graphiql-path',
  configureServer: (server) => void server.middlewares.use(graphiqlNoSlash),
  configurePreviewServer: (server) => void server.middlewares.use(graphiqlNoSlash),
};

// GraphiQL's stylesheet embeds its fonts and a few icons as base64 data: URLs.
// Written out as files under /assets/ instead, the pages need neither
// font-src data: nor img-src data: in their Content-Security-Policy.
const DATA_URL = /url\(\s*(['"]?)data:([a-z]+\/[a-z0-9.+-]+)(?:;[a-z-]+=[^;,'")]+)*;base64,([A-Za-z0-9+/=]+)\1\s*\)/g;
const EXT: Record<string, string> = {
  'font/woff2': 'woff2',
  'font/woff': 'woff',
  'font/ttf': 'ttf',
  'font/otf': 'otf',
  'application/font-woff': 'woff',
  'application/x-font-woff': 'woff',
  'application/x-font-ttf': 'ttf',
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/gif': 'gif',
};
const externalizeDataUrls: Plugin = {
  name: 'wallet-externalize-data-urls',
  apply: 'build',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
      const css = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
      file.source = css.replace(DATA_URL, (whole, _q: string, mime: string, b64: string) => {
        const ext = EXT[mime];
        if (!ext) return whole;
        const ref = this.emitFile({ type: 'asset', name: `embedded.${ext}`, source: Buffer.from(b64, 'base64') });
        return `url(/${this.getFileName(ref)})`;
      });
    }
  },
};

export default defineConfig({
  plugins: [react(), graphiqlPath, externalizeDataUrls],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never turn assets into data: URIs: every font, image and worker is a file
    // served from our own origin.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // Libraries built with the React compiler carry "use no memo"
      // directives that bundling drops harmlessly; don't flood the log.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      input: {
        main: here('./index.html'),
        graphiql: here('./graphiql/index.html'),
      },
    },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  // `vite preview` serves dist/ with the same headers walletd sends, so the
  // CSP is exercised before the C server exists.
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    proxy,
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP },
  },
});
