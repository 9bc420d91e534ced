// Vercel Routing Middleware: security headers on every response of the app.
// (A Vite app has no server of its own; this is where the headers are set.)
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; connect-src 'self' https://*.supabase.co; frame-ancestors 'none'",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

export default function middleware(): Response {
  return new Response(null, { headers: { "x-middleware-next": "1", ...SECURITY_HEADERS } });
}
