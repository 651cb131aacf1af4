/*
 * The SMS adapter: how a text message leaves the platform. Two adapters, chosen by configuration (SMS_ADAPTER):
 * - 'log' (default): appends one JSON line per message to $DATA_DIR/sms.log — a stand-in for a gateway on a demo or
 *   test install. The phone is masked there; the text is written in full (it carries the citizen's one-time rating
 *   link, which is what a tester needs to follow), so the file must be protected like the data folder.
 * - 'http': POSTs `{ phone, text }` as JSON to SMS_GATEWAY_URL with `Authorization: Bearer SMS_GATEWAY_TOKEN`;
 *   a non-2xx answer or no answer within SMS_GATEWAY_TIMEOUT_MS is a failure the outbox retries.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import { maskPhone } from '../crypto/mask.js';

export interface SmsSender {
  /** Hands one message to the gateway; throws when it was not accepted. */
  send(phone: string, text: string): Promise<void>;
}

/** Appends each message as a JSON line to `file` (phone masked, text in full). */
export function createLogSmsSender(file: string, now: () => Date = () => new Date()): SmsSender {
  return {
    async send(phone, text) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.appendFile(file, `${JSON.stringify({ at: now().toISOString(), phone: maskPhone(phone), text })}\n`);
    },
  };
}

/** Posts each message to an HTTP gateway; non-2xx or a timeout throws. */
export function createHttpSmsSender(opts: {
  url: string;
  token: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch;
}): SmsSender {
  const doFetch = opts.fetch ?? fetch;
  return {
    async send(phone, text) {
      const res = await doFetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: JSON.stringify({ phone, text }),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** The adapter the configuration names. */
export function smsSenderFor(config: Pick<Config, 'sms' | 'dataDir'>): SmsSender {
  return config.sms.adapter === 'http'
    ? createHttpSmsSender({ url: config.sms.gatewayUrl, token: config.sms.token, timeoutMs: config.sms.timeoutMs })
    : createLogSmsSender(path.join(config.dataDir, 'sms.log'));
}
