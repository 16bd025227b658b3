import { describe, expect, it } from 'vitest';
import { type HttpProbe, probeSchema } from '#core/model/probe.ts';
import { jsonPathValue, parseJsonPath } from '#core/probe/json-path.ts';
import { describeCheck, judgeResponse, MAX_BODY } from '#core/probe/verdict.ts';

const probe = (fields: Record<string, unknown> = {}) => probeSchema.parse({ url: 'https://api.test.example/health', ...fields }) as HttpProbe;

describe('JSON paths in probes', () => {
  const doc = { status: 'ok', checks: [{ state: 'green' }, { state: null }], 'with-dash': 1, count: 0 };

  it('follows names and indexes', () => {
    expect(parseJsonPath('$.checks[1].state')).toEqual(['checks', 1, 'state']);
    expect(jsonPathValue(doc, '$.checks[0].state')).toEqual({ found: true, value: 'green' });
    expect(jsonPathValue(doc, '$.checks[1].state')).toEqual({ found: true, value: null });
    expect(jsonPathValue(doc, '$.with-dash')).toEqual({ found: true, value: 1 });
    expect(jsonPathValue([5, 6], '$[1]')).toEqual({ found: true, value: 6 });
    expect(jsonPathValue(doc, '$')).toEqual({ found: true, value: doc });
  });

  it('finds nothing where a step leads nowhere', () => {
    expect(jsonPathValue(doc, '$.checks[2].state').found).toBe(false);
    expect(jsonPathValue(doc, '$.status.length').found).toBe(false);
    expect(jsonPathValue(doc, '$.checks.state').found).toBe(false);
    expect(jsonPathValue(doc, '$.toString').found).toBe(false);
    expect(parseJsonPath('$..status')).toBeUndefined();
  });
});

describe('judging a response', () => {
  const ok = { code: 200, ms: 120, truncated: false };

  it('compares JSON values by type: "0" is not 0, null is null', () => {
    const body = JSON.stringify({ count: 0, gone: null });
    expect(judgeResponse(probe({ json_path: { path: '$.count', equals: 0 } }), { ...ok, body }).status).toBe('up');
    expect(judgeResponse(probe({ json_path: { path: '$.count', equals: '0' } }), { ...ok, body })).toEqual({
      status: 'down',
      error: 'assertion',
      detail: 'json_path',
    });
    expect(judgeResponse(probe({ json_path: { path: '$.gone', equals: null } }), { ...ok, body }).status).toBe('up');
    expect(judgeResponse(probe({ json_path: { path: '$.missing', equals: null } }), { ...ok, body }).status).toBe('down');
  });

  it('checks the status code before the body, and the body before the speed', () => {
    const p = probe({ keyword: 'healthy', degraded_after: '1s', expect_status: ['200-204'] });
    expect(judgeResponse(p, { ...ok, code: 301, body: 'healthy' })).toEqual({ status: 'down', error: 'status' });
    expect(judgeResponse(p, { ...ok, ms: 5000, body: 'sick' })).toMatchObject({ status: 'down', error: 'assertion' });
    expect(judgeResponse(p, { ...ok, ms: 5000, body: 'healthy' })).toEqual({ status: 'degraded', detail: 'slow' });
    expect(judgeResponse(p, { ...ok, body: 'healthy', certDays: 3 })).toEqual({ status: 'degraded', detail: 'cert' });
  });

  it('describes a check without quoting anything the server sent', () => {
    const p = probe({ timeout: '10s' });
    expect(describeCheck({ at: 0, status: 'down', ms: 10_000, error: 'timeout', attempts: 3, extra: {} }, p)).toBe(
      'no complete answer within 10 s (timeout, 3 attempts)',
    );
    expect(describeCheck({ at: 0, status: 'down', ms: 80, error: 'too-large', code: 200, attempts: 1, extra: {} }, p)).toBe(
      `HTTP 200, the response was larger than ${MAX_BODY / 2 ** 20} MiB (too-large)`,
    );
    expect(describeCheck({ at: 0, status: 'down', ms: 80, error: 'tls', attempts: 1, extra: { detail: 'ERR_TLS_CERT_ALTNAME_INVALID' } }, p)).toBe(
      'the TLS certificate does not name this host (tls)',
    );
    expect(describeCheck({ at: 0, status: 'down', ms: 80, error: 'tls', attempts: 1, extra: { detail: 'ERR_SSL_WRONG_VERSION_NUMBER' } }, p)).toBe(
      'the TLS handshake failed: ERR_SSL_WRONG_VERSION_NUMBER (tls)',
    );
    expect(describeCheck({ at: 0, status: 'down', ms: 80, error: 'tls', attempts: 1, extra: { detail: 'SOME_NEW_CODE' } }, p)).toBe(
      'the TLS certificate was not accepted: SOME_NEW_CODE (tls)',
    );
  });
});
