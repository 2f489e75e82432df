// The endpoint's discovery documents (RFC 7644 §4), fetched once by the CLI before jest collects the
// suites, so a suite can decide at collection time which optional features to test or skip.
import type { ScimClient } from '../http/client';
import { describeExchange } from '../http/exchange';

export interface DiscoveryDocument {
  /** "GET https://... -> 200" */
  request: string;
  status?: number;
  /** The parsed body of a 200 answer. */
  body?: unknown;
}

export interface DiscoverySnapshot {
  serviceProviderConfig: DiscoveryDocument;
  resourceTypes: DiscoveryDocument;
  schemas: DiscoveryDocument;
}

async function fetchDocument(client: ScimClient, path: string): Promise<DiscoveryDocument> {
  const ex = await client.send({ method: 'GET', path, label: `discovery ${path}` });
  const res = ex.response;
  return {
    request: describeExchange(ex),
    ...(res ? { status: res.status } : {}),
    ...(res && res.status === 200 && res.json !== undefined ? { body: res.json } : {}),
  };
}

export async function fetchDiscovery(client: ScimClient): Promise<DiscoverySnapshot> {
  return {
    serviceProviderConfig: await fetchDocument(client, '/ServiceProviderConfig'),
    resourceTypes: await fetchDocument(client, '/ResourceTypes'),
    schemas: await fetchDocument(client, '/Schemas'),
  };
}
