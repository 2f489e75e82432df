// The yardsticks of the harness's cost per request: a bare client (keep-alive, no checks, no
// recording) sending a list of captured requests with a given concurrency, in a process of its own.
// Two of them: node:http itself, and axios (the HTTP client the project's stack fixes) with only the
// options that keep the wire shape (no transforms, no redirects, status never an error).
// Prints {"requests", "cpuMs", "wallMs"} as JSON.
// Usage: run-ts bench/bare-client.ts <base URL> <requests.json> <concurrency> [http|axios]
import fs from 'node:fs';
import http from 'node:http';
import axios from 'axios';
import type { CapturedRequest } from './delay-proxy';

const [baseUrl, file, concurrencyRaw, client = 'http'] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(file!, 'utf8')) as CapturedRequest[];
const base = new URL(baseUrl!);
const agent = new http.Agent({ keepAlive: true });
const viaAxios = axios.create({ httpAgent: agent, proxy: false, maxRedirects: 0, validateStatus: () => true, responseType: 'text', transformRequest: [], transformResponse: [] });

function sendHttp(r: CapturedRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.url, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(r.body === '' ? undefined : r.body);
  });
}

async function sendAxios(r: CapturedRequest): Promise<void> {
  await viaAxios.request({ url: `${base.origin}${r.url}`, method: r.method, headers: r.headers, ...(r.body === '' ? {} : { data: r.body }) });
}

void (async () => {
  const send = client === 'axios' ? sendAxios : sendHttp;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < requests.length) await send(requests[next++]!);
  };
  await Promise.all(Array.from({ length: Number(concurrencyRaw ?? 1) }, lane));
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  process.stdout.write(JSON.stringify({ requests: requests.length, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 }) + '\n');
})();
