import { languageOf } from '../http/errors.js';
import type { RequestInfo } from './auth.service.js';

/** The parts of a request a use case records: client IP (behind a trusted proxy, the forwarded one), request id, language. */
export function requestInfoOf(request: {
  ip: string;
  id: string;
  headers: { 'accept-language'?: string | undefined };
}): RequestInfo {
  return { ip: request.ip, requestId: request.id, lang: languageOf(request.headers['accept-language']) };
}
