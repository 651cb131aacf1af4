import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackConnections } from './drain.js';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(port: number, path: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      })
      .on('error', reject);
  });
}

const agents: http.Agent[] = [];
const servers: http.Server[] = [];
afterEach(() => {
  for (const a of agents.splice(0)) a.destroy();
  for (const s of servers.splice(0)) s.closeAllConnections();
});

async function slowServer(handlerMs: number) {
  const server = http.createServer((req, res) => {
    setTimeout(() => res.end(`done ${req.url}`), req.url === '/slow' ? handlerMs : 0);
  });
  servers.push(server);
  const drainer = trackConnections(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, drainer, port: (server.address() as AddressInfo).port };
}

describe('draining the HTTP server (SIGTERM)', () => {
  it('answers a request in progress and one sent on a quiet keep-alive connection, then refuses new connections', async () => {
    const { server, drainer, port } = await slowServer(150);
    const busyAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const quietAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(busyAgent, quietAgent);
    // A keep-alive connection that has finished its request and looks idle to the server.
    expect((await get(port, '/first', quietAgent)).connection).not.toBe('close');
    const inProgress = get(port, '/slow', busyAgent);
    await new Promise((r) => setTimeout(r, 30));

    const drained = drainer.drain({ quietMs: 100, timeoutMs: 5000 });
    // The client writes its next request on the quiet connection just as the drain begins (Node's own close would
    // destroy that connection: the request would be reset unanswered).
    const onQuiet = get(port, '/next', quietAgent);

    expect(await inProgress).toEqual({ status: 200, connection: 'close', body: 'done /slow' });
    expect(await onQuiet).toEqual({ status: 200, connection: 'close', body: 'done /next' });
    const result = await drained;
    expect(result.forced).toBe(0);
    expect(result.answeredWhileDraining).toBe(2);
    expect(server.listening).toBe(false);
    await expect(get(port, '/late', new http.Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts a request still running at the timeout', async () => {
    const { drainer, port } = await slowServer(10_000);
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    const stuck = get(port, '/slow', agent).catch((err: NodeJS.ErrnoException) => err.code);
    await new Promise((r) => setTimeout(r, 30));
    const result = await drainer.drain({ quietMs: 50, timeoutMs: 300 });
    expect(result.forced).toBe(1);
    expect(await stuck).toBe('ECONNRESET');
  });
});
