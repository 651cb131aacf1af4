import fs from 'node:fs';

export interface LogStream {
  write(line: string): void;
  /** Lines dropped so far because the log could not be written and the buffer was full. */
  readonly dropped: number;
  /** Failed write attempts so far (each keeps its line for a retry). */
  readonly failures: number;
}

export interface LogStreamOptions {
  /** Lines kept while writing fails; beyond this many bytes new lines are dropped (and counted). */
  maxBufferedBytes?: number;
  /** Pause before trying again after a failed write. */
  retryMs?: number;
  /** The writer (fs.writeSync by default); returns the number of bytes written. */
  writeSync?: (fd: number, bytes: Uint8Array) => number;
}

/**
 * The destination of the server's log (pino, through Fastify): lines written synchronously to a file descriptor,
 * stdout by default, like pino's own destination — but a failed write never ends the process. pino's destination
 * emits an `error` event on a failed write (EIO, ENOSPC, EFBIG, EPIPE), and nothing listens to it: the process
 * exited under injected I/O errors. Here a line that cannot be written is kept in a bounded buffer and written
 * again with the next line or after `retryMs`; when the buffer is full, new lines are dropped and counted; once
 * writing works again a warning line says how many were dropped. A line cut by a failure after a partial write is
 * finished from where it stopped.
 */
export function resilientLogStream(fd = 1, opts: LogStreamOptions = {}): LogStream {
  const maxBufferedBytes = opts.maxBufferedBytes ?? 1024 * 1024;
  const retryMs = opts.retryMs ?? 500;
  const writeSync = opts.writeSync ?? ((f: number, bytes: Uint8Array) => fs.writeSync(f, bytes));
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let reported = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    while (pending.length) {
      const head = pending[0]!;
      let written: number;
      try {
        written = writeSync(fd, head);
      } catch {
        failures++;
        timer ??= setTimeout(flush, retryMs);
        timer.unref();
        return false;
      }
      pendingBytes -= written;
      if (written < head.length) pending[0] = head.subarray(written);
      else pending.shift();
    }
    if (dropped > reported) {
      const lost = dropped - reported;
      reported = dropped;
      const line = `${JSON.stringify({
        level: 40,
        time: Date.now(),
        pid: process.pid,
        droppedLogLines: lost,
        msg: `${lost} log lines were dropped while the log could not be written 日志写入失败期间丢弃了 ${lost} 行`,
      })}\n`;
      // Past the size limit if need be: the report itself is never dropped.
      pending.push(Buffer.from(line, 'utf8'));
      pendingBytes += pending.at(-1)!.length;
      return flush();
    }
    return true;
  };

  const enqueue = (line: string) => {
    const bytes = Buffer.from(line, 'utf8');
    if (pendingBytes + bytes.length > maxBufferedBytes) {
      dropped++;
      return;
    }
    pending.push(bytes);
    pendingBytes += bytes.length;
  };

  return {
    write(line: string) {
      enqueue(line);
      // While a retry is scheduled the log is failing: lines wait in the buffer rather than meet the failure again.
      if (!timer) flush();
    },
    get dropped() {
      return dropped;
    },
    get failures() {
      return failures;
    },
  };
}

/**
 * Output the process writes outside the log (console lines of `serve`) goes to process.stdout/stderr, whose failed
 * writes are emitted as `error` events: unheard, one of them ends the process. Heard here and counted.
 */
export function keepStdioErrorsFromEndingTheProcess(): { readonly failures: number } {
  const counter = { failures: 0 };
  const onError = () => {
    counter.failures++;
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  return counter;
}
