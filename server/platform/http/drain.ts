import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

export interface DrainOptions {
  /**
   * Quiet time asked of the listening socket (no new connection, no request finished that a client could follow
   * with a new connection) before it closes, and of a keep-alive connection with nothing in progress before it is
   * closed.
   */
  quietMs?: number;
  /** After this long every connection still open is destroyed. */
  timeoutMs?: number;
}

export interface DrainResult {
  /** Requests answered after the drain began (each with `Connection: close`). */
  answeredWhileDraining: number;
  /** Of those, requests that arrived after the drain began and were held until the listening socket closed. */
  held: number;
  /** Quiet keep-alive connections closed by the drain. */
  closedQuiet: number;
  /** Connections destroyed at the timeout (requests still running). */
  forced: number;
  /** When the listening socket closed, from the start of the drain. */
  listenerClosedMs: number;
  ms: number;
}

export interface ConnectionDrainer {
  readonly draining: boolean;
  drain(opts?: DrainOptions): Promise<DrainResult>;
}

interface Tracked {
  /** Requests received on this connection and not yet answered. */
  busy: number;
  lastActive: number;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Resolves in the check phase of the loop's next turn, i.e. after its poll phase has accepted and read what waits. */
const afterPoll = () => new Promise<void>((resolve) => setTimeout(() => setImmediate(resolve), 0));

/**
 * A graceful stop for an HTTP server that resets no request a client has already sent.
 *
 * Node's `server.close()` (what Fastify's `close()` calls) closes the listening socket — the kernel then resets
 * every connection waiting in its accept queue — and destroys every connection whose parser holds no request,
 * although a keep-alive client may have just written its next request there. Both happen whenever the event loop
 * is busy (embedded PGlite runs its queries on this thread): under 16 writing clients a SIGTERM reset 15 of them.
 *
 * `drain()` instead:
 *  1. marks every answer from then on `Connection: close`, so no client sends another request on that connection;
 *  2. keeps accepting, but holds requests that arrive from then on (neither run nor answered), so their clients
 *     wait instead of connecting again; requests in progress finish;
 *  3. closes the listening socket once it has been quiet for `quietMs` (no new connection, no answer that a client
 *     could follow with a new connection), checked right after a poll of the loop, so its accept queue is empty;
 *     later clients are refused (ECONNREFUSED), not reset;
 *  4. runs the held requests (answered normally, with `Connection: close`);
 *  5. closes each remaining keep-alive connection once nothing is in progress on it and it has been quiet for
 *     `quietMs`; after `timeoutMs` destroys whatever is still open.
 */
export function trackConnections(server: Server): ConnectionDrainer {
  const sockets = new Map<net.Socket, Tracked>();
  let draining = false;
  let holding = false;
  const held: (() => void)[] = [];
  let heldCount = 0;
  let answeredWhileDraining = 0;
  let lastAcceptOrAnswer = 0;
  /** Requests handed to the application and not answered yet (held ones are not counted until they run). */
  let running = 0;
  const unanswered = new Set<ServerResponse>();

  server.on('connection', (socket: net.Socket) => {
    sockets.set(socket, { busy: 0, lastActive: performance.now() });
    if (draining) lastAcceptOrAnswer = performance.now();
    socket.once('close', () => sockets.delete(socket));
  });
  // Take over the dispatch of requests to the application's listeners (Fastify's), to be able to hold them.
  const appListeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    running++;
    unanswered.add(res);
    res.once('close', () => {
      running--;
      unanswered.delete(res);
    });
    for (const listener of appListeners) listener.call(server, req, res);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const tracked = sockets.get(req.socket);
    if (tracked) {
      tracked.busy++;
      tracked.lastActive = performance.now();
    }
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      if (draining) {
        answeredWhileDraining++;
        lastAcceptOrAnswer = performance.now();
      }
      if (tracked) {
        tracked.busy--;
        tracked.lastActive = performance.now();
      }
    });
    if (holding) {
      heldCount++;
      held.push(() => dispatch(req, res));
    } else {
      dispatch(req, res);
    }
  });

  return {
    get draining() {
      return draining;
    },
    async drain(opts: DrainOptions = {}) {
      const quietMs = opts.quietMs ?? 500;
      const timeoutMs = opts.timeoutMs ?? 20_000;
      const started = performance.now();
      draining = true;
      holding = true;
      for (const res of unanswered) if (!res.headersSent) res.setHeader('connection', 'close');
      // Phases 2–3: wait until the requests that were in progress are answered and no client has connected or been
      // answered for quietMs, then close the listening socket (net's close: http's would destroy the connections).
      while (performance.now() - started < timeoutMs / 2) {
        await afterPoll();
        const now = performance.now();
        const quiet = lastAcceptOrAnswer === 0 || now - lastAcceptOrAnswer >= quietMs;
        if (running === 0 && quiet) break;
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
      }
      if (server.listening) net.Server.prototype.close.call(server);
      const listenerClosedMs = Math.round(performance.now() - started);
      // Phase 4: the held requests run now; their clients will find the listening socket closed.
      holding = false;
      for (const run of held.splice(0)) run();
      // Phase 5.
      let closedQuiet = 0;
      let forced = 0;
      while (sockets.size > 0) {
        const now = performance.now();
        if (now - started >= timeoutMs) {
          for (const socket of sockets.keys()) {
            socket.destroy();
            forced++;
          }
          break;
        }
        for (const [socket, t] of sockets) {
          if (t.busy === 0 && socket.readableLength === 0 && now - Math.max(t.lastActive, started) >= quietMs) {
            socket.destroy();
            closedQuiet++;
          }
        }
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        await afterPoll();
      }
      return {
        answeredWhileDraining,
        held: heldCount,
        closedQuiet,
        forced,
        listenerClosedMs,
        ms: Math.round(performance.now() - started),
      };
    },
  };
}
