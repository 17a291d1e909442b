// The shop's front end: static files, pages and a JSON API.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { route } from './routes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(here, 'public');
const port = Number(process.env.PORT || 8080);

function serveStatic(req, res) {
  const file = path.join(publicDir, req.url);
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200).end(body);
  });
}

const server = http.createServer(async (req, res) => {
  if (req.url.startsWith('/public/')) {
    req.url = req.url.slice('/public'.length);
    serveStatic(req, res);
    return;
  }
  try {
    const { status, type, body } = await route(req);
    res.writeHead(status, { 'content-type': type }).end(body);
  } catch (err) {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err.message));
  }
});

server.listen(port, () => console.log(`frontend on :${port}`));
