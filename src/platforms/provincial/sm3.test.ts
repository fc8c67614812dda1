import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/index.ts';
import { createProvincialSimulator } from '../../../simulators/provincial.ts';
import { createProvincialConnector } from './connector.ts';
import { provincialSignature, signedHeaders } from './sign.ts';
import type { PushItem } from '../types.ts';
import type { CanonicalRecord } from '../../model/index.ts';

// SM3 of "abc" (GB/T 32905-2016, appendix A) — proves Node's OpenSSL has the algorithm we sign with.
const SM3_ABC = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

describe('国密 SM3 request signatures (provincial, when the platform asks for them)', () => {
  it('SM3 is the standard algorithm', async () => {
    const { createHash } = await import('node:crypto');
    expect(createHash('sm3').update('abc').digest('hex')).toBe(SM3_ABC);
  });

  it('signs with SM3 end to end, and says so in X-Signature-Algorithm', () => {
    const sm3 = provincialSignature('k', '1700000000', '<x/>', 'hmac-sm3');
    const sha = provincialSignature('k', '1700000000', '<x/>');
    expect(sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(sm3).not.toBe(sha);
    expect(signedHeaders('k', '<x/>', 1_700_000_000_000, 'hmac-sm3')).toEqual({ 'x-timestamp': '1700000000', 'x-signature': sm3, 'x-signature-algorithm': 'HMAC-SM3' });
    expect(signedHeaders('k', '<x/>', 1_700_000_000_000)).not.toHaveProperty('x-signature-algorithm');
  });

  it('a platform requiring SM3 accepts the connector configured for it, and refuses SHA-256', async () => {
    const sim = createProvincialSimulator({ secret: 'sm3-secret', signatureAlgorithm: 'hmac-sm3', seed: 1 });
    const server = await sim.listen(0);
    const target = (alg: 'hmac-sha256' | 'hmac-sm3'): TargetConfig => ({
      id: 'provincial', name: 'p', kind: 'provincial', baseUrl: server.url, secret: 'sm3-secret', senderCode: '11320700MB0000001L', signatureAlgorithm: alg,
      mode: 'realtime', batchSize: 10, concurrency: 1, timeoutMs: 2000, coalesce: { belowRecords: 0, windowMs: 200 }, retry: { attempts: 1, baseMs: 10, capMs: 10, jitter: 0 },
      circuitBreaker: { failureThreshold: 5, errorRatio: 0.5, window: 20, minSamples: 10, openMs: 1000, maxOpenMs: 1000 },
    });
    const item: PushItem = {
      deliveryId: 1, recordId: '00000000-0000-4000-8000-000000000001', version: 'a'.repeat(64), versionNo: 1,
      record: {
        recordType: 'administrative-license', operation: 'upsert',
        subject: { name: '连云港恒瑞化工有限公司', category: 'LEGAL_ORG', uscc: '91320723MA1XYW1236', legalRep: { name: '王建国' } },
        data: { decisionDocName: '危险化学品经营许可证核发决定书', decisionDocNo: '苏连灌危化经字〔2026〕100号', licenceCategory: '普通', decisionDate: '2026-02-10', validFrom: '2026-02-10', authorityName: '灌云县应急管理局', authorityUscc: '11320723MB1234567K', dataSourceName: '灌云县应急管理局', dataSourceUscc: '11320723MB1234567K' },
      } as CanonicalRecord,
    };
    try {
      const ok = createProvincialConnector(target('hmac-sm3'), { receiptPollMs: 20 });
      const res = await ok.push([item], 'pkg-sm3-1');
      expect(res.results).toEqual([expect.objectContaining({ deliveryId: 1, status: 'ok' })]);
      await ok.close();
      const wrong = createProvincialConnector(target('hmac-sha256'), { receiptPollMs: 20 });
      await expect(wrong.push([item], 'pkg-sm3-2')).rejects.toMatchObject({ kind: 'config', httpStatus: 401 });
      await wrong.close();
    } finally {
      await server.close();
    }
  });
});
