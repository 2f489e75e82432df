// The yardstick of the harness's cost per request: a bare node:http client (keep-alive, no checks, no
// recording) sending a list of captured requests with a given concurrency, in a process of its own.
// Prints {"requests", "cpuMs", "wallMs"} as JSON. Usage: run-ts bench/bare-client.ts <base URL> <requests.json> <concurrency>
import fs from 'node:fs';
import http from 'node:http';
import type { CapturedRequest } from './delay-proxy';

const [baseUrl, file, concurrencyRaw] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(file!, 'utf8')) as CapturedRequest[];
const base = new URL(baseUrl!);
const agent = new http.Agent({ keepAlive: true });

function send(r: CapturedRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.url, headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(r.body === '' ? undefined : r.body);
  });
}

void (async () => {
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
