import { startReferenceServer } from '/work/wt-speed/src/server';
import { startDelayProxy } from '/work/wt-speed/bench/delay-proxy';
(async () => {
  const token = 'bench-token-0123456789';
  const server = await startReferenceServer({ token });
  const proxy = await startDelayProxy(server.baseUrl, Number(process.argv[2] ?? 50));
  const t0 = performance.now();
  const r = require('node:child_process').spawn(process.execPath, ['bin/scim-conformance.js', '--url', proxy.baseUrl, '--report-dir', '/tmp/speed-rl', ...process.argv.slice(3)], { env: { ...process.env, SCIM_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out=''; r.stdout.on('data', (d: Buffer) => out += d);
  r.on('exit', async (code: number) => {
    console.log(out.split('\n').slice(-6).join('\n'));
    console.log('exit', code, 'wall', ((performance.now() - t0)/1000).toFixed(2), JSON.stringify({...proxy.stats(), arrivals: undefined}));
    const t = require('/tmp/speed-rl/summary.json').timing; delete t.slowest; console.log(JSON.stringify(t));
    await proxy.close(); await server.close();
  });
})();
