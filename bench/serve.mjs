// A static file server for the bench scripts: serves `dir` on a free 127.0.0.1 port the
// way a plain static host does (index.html for folders, 404 otherwise). `extra` maps a
// path to HTML served instead of a file (a test page). Returns the server and its port.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

export function serveDir(dir, extra = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (extra[path]) { res.writeHead(200, { 'content-type': 'text/html' }); res.end(extra[path]); return; }
    let p = join(dir, decodeURIComponent(path));
    try {
      if ((await stat(p)).isDirectory()) p = join(p, 'index.html');
      res.writeHead(200, { 'content-type': types[extname(p)] || 'application/octet-stream' });
      res.end(await readFile(p));
    } catch { res.writeHead(404); res.end(); }
  }).listen(0);
  return { server, port: server.address().port };
}
