/**
 * `study … --serve [HOST:]PORT`: a read-only HTTP server in the study process for its live page.
 * GET / is the page (report/live.ts), GET /status.json the latest status body (progress and
 * outcome shares so far); anything else is 404, and any method but GET or HEAD is 405. It binds
 * to 127.0.0.1 unless a host is given, and is bound before the study starts, so a bad address
 * or a port in use is an input error (exit 2) before any run.
 */
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { InputError, safeText } from '../errors.js';
import { livePage } from '../report/live.js';
import type { StatusFile } from '../study/status.js';

export interface ServeAddress { host: string; port: number }

/** Parses `[HOST:]PORT` (IPv6 hosts in brackets: `[::1]:8080`); port 0 takes a free one. */
export function parseServe(v: string): ServeAddress {
  const bad = (what: string) => new InputError(`--serve: expected [HOST:]PORT with a port from 0 to 65535 (0: any free port) and a host name or IP address, found ${JSON.stringify(safeText(v))} (${what})`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]:|([^:\s[\]]+):)?(\d{1,5})$/.exec(v.trim());
  if (!m) throw bad('not of that form');
  const port = Number(m[3]);
  if (port > 65535) throw bad('port out of range');
  const host = m[1] ?? m[2] ?? '127.0.0.1';
  if (m[1] !== undefined && isIP(host) !== 6) throw bad('not an IPv6 address in the brackets');
  return { host, port };
}

export interface LiveServer { url: string; close(): Promise<void> }

/** Starts the server; `latest()` gives the body to serve (null before the first status). */
export async function startLiveServer(addr: ServeAddress, study: string, latest: () => StatusFile | null): Promise<LiveServer> {
  const page = livePage(study);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('read-only: GET or HEAD\n');
      return;
    }
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/' || path === '/index.html') send('text/html; charset=utf-8', page);
    else if (path === '/status.json') {
      const s = latest();
      if (s) send('application/json; charset=utf-8', JSON.stringify(s));
      else res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'text/plain; charset=utf-8' }).end('the study has not written its first status yet\n');
    } else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: / and /status.json only\n');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const where = `${addr.host}:${addr.port}`;
      fail(new InputError(`--serve ${safeText(where)}: expected an address this process can listen on, found ${e.code === 'EADDRINUSE' ? 'the port in use by another process' : e.code === 'EADDRNOTAVAIL' ? 'an address that is not one of this machine\'s' : e.code === 'EACCES' ? 'a port this user may not bind (below 1024?)' : safeText(e.message)}`));
    });
    server.listen(addr.port, addr.host, () => ok());
  });
  server.unref();
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : addr.port;
  const host = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
