// A kept-alive connection idle past a server's keep-alive timeout is not reused. A POST written on a
// connection the server is closing fails with ECONNRESET and is not sent again (it may have been acted
// on), so it would count as the endpoint's failure: a sharded run once failed
// properties.groups.lookup.escaped-name that way, after a spec file took seconds to load.
import net from 'node:net';
import { ScimClient } from '../../src/http/client';
import { Redactor } from '../../src/http/redact';

const TOKEN = 'keep-alive-test-token-8d1f';

test('a POST after 4 s of idleness goes out on a new connection; one sooner reuses the connection', async () => {
  let connections = 0;
  const sockets: net.Socket[] = [];
  // Answers every request, except one that arrives on a connection idle for 3 s or more: its
  // keep-alive timeout lapsed just as the request came, so the connection is reset.
  const server = net.createServer((socket) => {
    connections++;
    sockets.push(socket);
    let lastAt: number | undefined;
    socket.on('data', () => {
      if (lastAt !== undefined && performance.now() - lastAt >= 3000) return void socket.resetAndDestroy();
      lastAt = performance.now();
      socket.write('HTTP/1.1 201 Created\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n\r\n{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = new ScimClient({ baseUrl: `http://127.0.0.1:${port}/scim`, token: TOKEN, timeoutMs: 5000, redactor: new Redactor([TOKEN]) });
  const post = async () => {
    const ex = await client.send({ method: 'POST', path: '/Users', body: { userName: 'a@example.test' }, label: 'create' });
    return ex.response?.status ?? ex.error?.code;
  };
  try {
    expect(await post()).toBe(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(await post()).toBe(201);
    expect(connections).toBe(1);
    await new Promise((r) => setTimeout(r, 4300));
    expect(await post()).toBe(201);
    expect(connections).toBe(2);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}, 20_000);
