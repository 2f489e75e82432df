// What the CLI tells the suites about the run: where to send, what to replay, and the run's private
// working folder (its journal and records). It holds no secret: the token is handed over apart.
import fs from 'node:fs';
import path from 'node:path';
import type { Profile } from '../profiles';
import type { TlsProbe } from '../tls/probe';
import type { DiscoverySnapshot } from './discovery';
import type { MappingMode, ProvisioningMapping } from '../mapping/schema';

export interface RunContext {
  baseUrl: string;
  profiles: Profile[];
  timeoutMs: number;
  /** Response size cap of every request (--max-response-bytes). */
  maxResponseBytes: number;
  /** Epoch ms of the run's deadline (--deadline): clients send nothing after it. */
  deadlineAt: number;
  /** Short random id; every resource the run creates carries it in its name. */
  runId: string;
  /** Private working folder of the run: results and journal (not the report folder). */
  runDir: string;
  /** Seed of the property-based suites. */
  seed: number;
  /** Generated cases per property, when the user scaled the budget. */
  runs?: number;
  /** One property counterexample to replay exactly (--replay-path), as a failed property prints it. */
  replayPath?: string;
  /** The flags that name this run's target (`--url …`, or the embedded server's switches), for a property's replay line. */
  replayTarget?: string;
  /** The --grep pattern, for suites that record results at collection time. */
  grep?: string;
  /** The endpoint's discovery documents, fetched once before the suites are collected. */
  discovery: DiscoverySnapshot;
  /** PEM of the private CA(s) the run trusts besides the public roots (--ca); certificates, no secret. */
  caPem?: string;
  /** The TLS probe of an https:// target, taken before the suites (absent for http://). */
  tls?: TlsProbe;
  /** Why the run's client cannot connect: only the entra.tls checks run, the runner blocks the rest. */
  tlsBlocked?: string;
  /** The attribute Entra matches users on (--matching-attribute or the mapping's); absent: userName. */
  matchingAttribute?: string;
  /** The attribute mapping the Entra bodies follow (the customer's, or Entra's default); absent with --mapping all. */
  mapping?: ProvisioningMapping;
  /** default: optional features probed, never gating; file: the customer's mapping decides; all: everything sent and gating. */
  mappingMode: MappingMode;
}

export const JOURNAL_FILE = 'journal.ndjson';
/** Exists once the run is interrupted (Ctrl-C, SIGTERM, deadline): clients then send nothing more. */
export const STOP_FILE = 'stop';

export function appendLine(runDir: string, file: string, record: unknown): void {
  fs.appendFileSync(path.join(runDir, file), JSON.stringify(record) + '\n');
}

export function readLines<T>(runDir: string, file: string): T[] {
  const full = path.join(runDir, file);
  if (!fs.existsSync(full)) return [];
  const lines = fs
    .readFileSync(full, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  // After an interruption the suites may still be writing: a last line cut short is not yet a record.
  return lines.flatMap((l, i) => {
    try {
      return [JSON.parse(l) as T];
    } catch (err) {
      if (i === lines.length - 1 && !l.endsWith('}')) return [];
      throw err;
    }
  });
}
