// The secured stack's registry address: HTTPS with HTTP Basic credentials in front of the local
// Apicurio registry (which speaks plain HTTP on loopback). Run detached by secure-stack.ts:
//   PROXY_PORT, PROXY_TARGET (http://127.0.0.1:8081), PROXY_CERT_FILE, PROXY_KEY_FILE, PROXY_USERNAME, PROXY_PASSWORD
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const env = (name) => {
  const value = process.env[name];
  if (!value) { console.error(`registry-proxy: set ${name}`); process.exit(2); }
  return value;
};
const target = new URL(env('PROXY_TARGET'));
const expected = createHash('sha256').update(`${env('PROXY_USERNAME')}:${env('PROXY_PASSWORD')}`).digest();
const authorised = (header) => {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(createHash('sha256').update(Buffer.from(m[1], 'base64').toString('utf8')).digest(), expected);
};

const server = https.createServer({ cert: fs.readFileSync(env('PROXY_CERT_FILE')), key: fs.readFileSync(env('PROXY_KEY_FILE')) }, (request, response) => {
  if (!authorised(request.headers.authorization)) {
    response.writeHead(401, { 'www-authenticate': 'Basic realm="schema registry"', 'content-type': 'application/json' }).end('{"error_code":401,"message":"credentials required"}');
    return;
  }
  const { authorization: _, host: __, ...headers } = request.headers;
  const upstream = http.request({ hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', (error) => { response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 502, message: error.message })); });
  request.pipe(upstream);
});
server.listen(Number(env('PROXY_PORT')), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
