// The endpoint a run (conformance or scale) talks to: the URL it was given, or the embedded reference
// server started now with the run's token and switches.
import type { Config } from '../config';
import { startReferenceServer, type ReferenceServer } from '../server';

export async function startTarget(config: Pick<Config, 'target' | 'token'>): Promise<{ baseUrl: string; server?: ReferenceServer }> {
  if (config.target.kind === 'url') return { baseUrl: config.target.baseUrl };
  const server = await startReferenceServer({ token: config.token, faults: config.target.faults, variations: config.target.variations });
  return { baseUrl: server.baseUrl, server };
}
