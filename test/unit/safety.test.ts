// Small pieces of the safety guarantees (README "Safety"): Retry-After, JSON depth, the terminal sanitiser, flags.
import { jsonDepth, parseRetryAfter, retryWait, RETRY } from '../../src/http/client';
import { loadConfig } from '../../src/config';
import { terminalText, terminalValue } from '../../src/report/terminal';

describe('Retry-After', () => {
  test('seconds and HTTP dates; anything else is ignored', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  test('only 429 and 503, bounded per wait, in total, by attempts and by the deadline', () => {
    expect(retryWait(500, { 'retry-after': '1' }, 0, 0)).toBeUndefined();
    expect(retryWait(429, { 'Retry-After': '1' }, 0, 0)).toBe(1000);
    expect(retryWait(503, { 'retry-after': '3600' }, 0, 0)).toBe(RETRY.maxWaitMs);
    expect(retryWait(429, {}, RETRY.attempts, 0)).toBeUndefined();
    expect(retryWait(429, { 'retry-after': '5' }, 1, RETRY.maxTotalWaitMs - 1000)).toBeUndefined();
    expect(retryWait(429, { 'retry-after': '5' }, 0, 0, 1000 + 2000, 1000)).toBeUndefined();
  });
});

test('JSON depth is counted without recursion, ignoring brackets in strings', () => {
  expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
  expect(jsonDepth('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toBeGreaterThan(64);
});

describe('terminal sanitiser', () => {
  test('escapes control characters and neutralises CI workflow commands', () => {
    const out = terminalText('ok\n\u001b[2J::error title=x::y\n  ##vso[task.setvariable]z\r\n##[group]g');
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\\x1b[2J');
    for (const line of out.split('\n')) expect(line.trimStart()).not.toMatch(/^(::|##)/);
  });
  test('one value stays on one line and is cut', () => {
    expect(terminalValue('a\nVerdict: PASSED')).toBe('a\\nVerdict: PASSED');
    expect(terminalValue('x'.repeat(500)).length).toBeLessThan(210);
  });
});

test('--deadline and --max-response-bytes are read and checked', () => {
  const run = (argv: string[]) => loadConfig(argv, {}, '/tmp');
  const c = run(['--deadline', '90s', '--max-response-bytes', '2048']);
  expect(c.kind === 'run' && [c.config.deadlineMs, c.config.maxResponseBytes]).toEqual([90_000, 2048]);
  const d = run([]);
  expect(d.kind === 'run' && d.config.deadlineMs).toBe(15 * 60_000);
  expect(() => run(['--deadline', 'soon'])).toThrow(/--deadline/);
  expect(() => run(['--max-response-bytes', '10'])).toThrow(/--max-response-bytes/);
});
