// The Content-Security-Policy the built pages need. walletd sends CSP on every
// response (the contract asks for frame-ancestors 'none' everywhere).
//
// CSP works for both pages and is the one to send if the server uses a
// single policy. GraphiQL (Monaco editor, Radix UI) adds <style> elements and
// style attributes at run time, hence 'unsafe-inline' for styles (never for
// scripts). The fonts and icons GraphiQL's stylesheet embeds as data: URLs
// are written out as files at build time (vite.config.ts), so fonts and
// images come from 'self' only. Monaco's web workers are separate files on our
// origin: worker-src 'self' is enough (blob: is only needed by CDN builds).
// The built HTML has no inline script; nothing needs 'unsafe-eval'.
//
// CSP_DASHBOARD is a stricter policy that the dashboard (/ and every path
// that is not /graphiql) runs under, for servers that send per-path policies.
//
// Measured with e2e/smoke.mjs (headless Chromium reports every violation).
const common = ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"];

export const CSP = [
  ...common.slice(0, 2),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  ...common.slice(2),
].join('; ');

export const CSP_DASHBOARD = [...common.slice(0, 2), "style-src 'self'", "img-src 'self'", "font-src 'self'", "worker-src 'none'", ...common.slice(2)].join('; ');

export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
