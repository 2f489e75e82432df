// Standalone reference server: node -r ts-node/register/transpile-only src/server/main.ts --port 8080 --token t
// Flags: --port N (default 8080), --token T (or SCIM_TOKEN), --base-path /scim/v2, --faults a,b,
// --variations a,b, --no-seed.

import { FAULTS, parseFaultNames } from './faults';
import { startReferenceServer, type ReferenceServer } from './index';
import { parseVariationNames, VARIATIONS } from './variations';

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<ReferenceServer | undefined> {
  const flags = new Map<string, string>();
  const bare = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`Unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (a === '--no-seed' || a === '--help' || a === '--list-faults') bare.add(a.slice(2));
    else flags.set(a.slice(2), argv[++i] ?? '');
  }
  if (bare.has('help') || bare.has('list-faults')) {
    console.log('Usage: main.ts --token T [--port 8080] [--base-path /scim/v2] [--faults a,b] [--variations a,b] [--no-seed]\nFaults:');
    for (const [name, description] of Object.entries(FAULTS)) console.log(`  ${name}: ${description}`);
    console.log('Variations:');
    for (const [name, description] of Object.entries(VARIATIONS)) console.log(`  ${name}: ${description}`);
    return undefined;
  }
  const token = flags.get('token') ?? process.env.SCIM_TOKEN;
  if (!token) throw new Error('--token (or SCIM_TOKEN) is required');
  const server = await startReferenceServer({
    token,
    port: Number(flags.get('port') ?? 8080),
    ...(flags.has('base-path') ? { basePath: flags.get('base-path')! } : {}),
    faults: parseFaultNames((flags.get('faults') ?? '').split(',')),
    variations: parseVariationNames((flags.get('variations') ?? '').split(',')),
    seed: !bare.has('no-seed'),
  });
  const switches = [...server.faults, ...server.variations];
  console.log(`SCIM reference server listening at ${server.baseUrl}` + (switches.length > 0 ? ` (switches: ${switches.join(', ')})` : ''));
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  });
}
