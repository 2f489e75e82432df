// A runnable reproduction really runs: after the run has deleted everything, the rendered chain
// re-creates the user, captures its new id, replays the PATCH and GET against it, and cleans up.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScimClient } from '../../src/http/client';
import { toRunnableCurlChain } from '../../src/http/curl';
import { Redactor } from '../../src/http/redact';
import { startReferenceServer, type ReferenceServer } from '../../src/server';

const TOKEN = 'curl-chain-token-5d1e';

describe('runnable curl chains', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
  });
  afterAll(() => server.close());

  test('capture the id, reuse it, clean up; the token comes from the environment', async () => {
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
    const userName = "o'brien.chain@example.com";
    const create = await client.send({ method: 'POST', path: '/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }, label: 'create' });
    const id = (create.response!.json as { id: string }).id;
    const patch = await client.send({ method: 'PATCH', path: `/Users/${id}`, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'title', value: 'Chained' }] }, label: 'patch' });
    const get = await client.send({ method: 'GET', path: `/Users/${id}`, label: 'get' });
    await client.send({ method: 'DELETE', path: `/Users/${id}`, label: 'the run cleans up' });
    const before = server.snapshot().users.length;

    const script = toRunnableCurlChain([{ exchange: create, captures: { userId: id }, creates: true }, { exchange: patch }, { exchange: get }]);
    expect(script).not.toContain(TOKEN);
    expect(script).not.toContain(id);
    expect(script).toMatch(/^userId=\$\(curl -sS -X POST /);
    expect(script).toContain('/Users/$userId"');

    // Asynchronously: the server answering the curls lives in this process.
    const { stdout: output } = await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, SCIM_TOKEN: TOKEN }, encoding: 'utf8', timeout: 20_000 });
    expect(output).toMatch(/HTTP\/1\.1 200/);
    expect(output).toContain('"title":"Chained"');
    expect(server.snapshot().users.length).toBe(before); // the chain deleted what it created
  });

  test('no clean-up line for a resource the chain deletes itself', async () => {
    const client = new ScimClient({ baseUrl: server.baseUrl, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
    const create = await client.send({ method: 'POST', path: '/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'deleted.chain@example.com' }, label: 'create' });
    const id = (create.response!.json as { id: string }).id;
    const remove = await client.send({ method: 'DELETE', path: `/Users/${id}`, label: 'delete' });
    const script = toRunnableCurlChain([{ exchange: create, captures: { userId: id }, creates: true }, { exchange: remove }]);
    expect(script).toContain('-X DELETE "http');
    expect(script).not.toContain('# clean up');
  });
});
