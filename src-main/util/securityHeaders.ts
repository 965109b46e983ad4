/**
 * The headers every HTTP answer of ours carries (the dashboard's files, error texts, download links), kept
 * apart from any one server so the static files and the export downloads cannot drift apart.
 */
/**
 * CSP for the dashboard: scripts and styles only from our own origin, images from ourselves or generated
 * in the page (chart snapshots). Nothing may frame us. Sockets may go to other Benchtop backends (further
 * benches added by URL, each its own origin that the list of benches decides); plain HTTP fetches still
 * only back to ours. A script that could abuse the wider socket rule could not run: scripts are 'self'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  };
}
