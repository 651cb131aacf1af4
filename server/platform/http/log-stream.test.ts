import { describe, expect, it } from 'vitest';
import { resilientLogStream } from './log-stream.js';

/** A writer that fails while `failing` is set (like a full disk) and may write only part of a line. */
function fakeFd() {
  const out: string[] = [];
  const state = { failing: false, partial: 0 };
  const writeSync = (_fd: number, bytes: Uint8Array) => {
    if (state.failing) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    const n = state.partial ? Math.min(state.partial, bytes.length) : bytes.length;
    state.partial = 0;
    out.push(Buffer.from(bytes.subarray(0, n)).toString('utf8'));
    return n;
  };
  return { out, state, writeSync, text: () => out.join('') };
}

describe('the log stream', () => {
  it('keeps lines while writing fails and writes them, in order, once it works again', async () => {
    const fd = fakeFd();
    const log = resilientLogStream(1, { writeSync: fd.writeSync, retryMs: 10 });
    log.write('one\n');
    fd.state.failing = true;
    expect(() => log.write('two\n')).not.toThrow();
    expect(log.failures).toBe(1);
    log.write('three\n'); // a retry is pending: kept without another attempt
    expect(log.failures).toBe(1);
    fd.state.failing = false;
    await new Promise((r) => setTimeout(r, 50));
    expect(fd.text()).toBe('one\ntwo\nthree\n');
    expect(log.dropped).toBe(0);
  });

  it('drops lines beyond its buffer, counts them, and reports the count once the log is written again', async () => {
    const fd = fakeFd();
    const log = resilientLogStream(1, { writeSync: fd.writeSync, retryMs: 10, maxBufferedBytes: 21 });
    fd.state.failing = true;
    for (let i = 0; i < 10; i++) log.write(`line ${i}\n`);
    expect(log.dropped).toBe(7); // 'line 0\n'…'line 2\n' (7 bytes each) fit in 21
    fd.state.failing = false;
    await new Promise((r) => setTimeout(r, 50));
    const lines = fd.text().trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['line 0', 'line 1', 'line 2']);
    const report = JSON.parse(lines[3]!);
    expect(report).toMatchObject({ level: 40, droppedLogLines: 7 });
    expect(report.msg).toContain('7 log lines were dropped');
  });

  it('finishes a line from where a partial write stopped', () => {
    const fd = fakeFd();
    const log = resilientLogStream(1, { writeSync: fd.writeSync });
    fd.state.partial = 4;
    log.write('{"msg":"完整的一行"}\n');
    expect(fd.text()).toBe('{"msg":"完整的一行"}\n');
  });
});
