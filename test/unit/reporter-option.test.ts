// --reporter (SCIM_REPORTER, "reporter" in the config file): default or summary, validated like every option.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, usage } from '../../src/config';

const reporterOf = (argv: string[], env: Record<string, string> = {}, cwd = os.tmpdir()) => {
  const inv = loadConfig(argv, env, cwd, { configFile: cwd !== os.tmpdir() });
  if (inv.kind !== 'run') throw new Error(`expected a run, got ${inv.kind}`);
  return inv.config.reporter;
};

test('default unless asked; a flag, the environment or the config file selects the summary reporter', () => {
  expect(reporterOf([])).toBe('default');
  expect(reporterOf(['--reporter', 'summary'])).toBe('summary');
  expect(reporterOf([], { SCIM_REPORTER: 'summary' })).toBe('summary');
  expect(reporterOf(['--reporter=default'], { SCIM_REPORTER: 'summary' })).toBe('default');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scimc-reporter-'));
  fs.writeFileSync(path.join(dir, 'scim-conformance.config.json'), JSON.stringify({ reporter: 'summary' }));
  expect(reporterOf([], {}, dir)).toBe('summary');
});

test('an unknown reporter is a configuration error naming the choices', () => {
  expect(() => reporterOf(['--reporter', 'quiet'])).toThrow(ConfigError);
  expect(() => reporterOf(['--reporter', 'quiet'])).toThrow('--reporter must be one of default, summary (got "quiet")');
});

test('--help lists it', () => {
  expect(usage()).toMatch(/--reporter NAME \[SCIM_REPORTER\]\n {6}What the console shows: default .* or summary /);
});
