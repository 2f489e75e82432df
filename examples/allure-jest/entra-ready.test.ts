// A vendor's "Entra-ready" test, run under allure-jest (see jest.config.ts beside it). Its Allure
// result carries the conformance checks as steps: one per suite, one per check and profile, one per
// request step it judged, with the request and response attached (the token as $SCIM_TOKEN).
//
// The endpoint: SCIM_URL and SCIM_TOKEN when set (your staging endpoint), else the embedded reference
// server. SCIM_GREP narrows the checks; SCIM_REPORT_DIR is where the harness's own reports go.
// In a vendor's repository: import { runConformance, … } from 'scim-conformance';
import { runConformance, startReferenceServer, type ReferenceServer } from '../../src';

test('Entra-ready', async () => {
  let server: ReferenceServer | undefined;
  let url = process.env['SCIM_URL'];
  let token = process.env['SCIM_TOKEN'];
  if (url === undefined) {
    token = 'example-Reference-Token-1';
    server = await startReferenceServer({ token });
    url = server.baseUrl;
  }
  try {
    const summary = await runConformance({ url, token, gate: 'entra', grep: process.env['SCIM_GREP'], reportDir: process.env['SCIM_REPORT_DIR'] ?? 'reports/scim' });
    const failed = summary.checks.filter((c) => c.gating && (c.status === 'failed' || c.status === 'blocked'));
    expect(failed.map((c) => `${c.id} [${c.profile}]: ${c.message ?? ''}`)).toEqual([]);
    expect(summary.verdict).toBe('passed');
  } finally {
    await server?.close();
  }
});
