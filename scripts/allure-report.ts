// npm run report:allure [-- <results dir> <output dir>]: an Allure HTML report generated offline
// from allure-results, as one self-contained index.html (Allure Report 3, awesome plugin,
// singleFile). Allure 3.18 writes a Google Analytics snippet into the page; it is removed, so the
// report makes no network request when opened.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const results = path.resolve(process.argv[2] ?? path.join(root, 'reports', 'allure-results'));
const output = path.resolve(process.argv[3] ?? path.join(root, 'reports', 'allure-report'));

if (!fs.existsSync(results) || fs.readdirSync(results).length === 0) {
  process.stderr.write(`no Allure results in ${results}: run npm start (or scim-conformance) first\n`);
  process.exit(2);
}
const allure = path.join(root, 'node_modules', '.bin', 'allure');
const run = spawnSync(allure, ['generate', results, '--config', path.join(root, 'allurerc.mjs'), '--output', output], { stdio: 'inherit', env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
if (run.status !== 0) process.exit(run.status ?? 1);

const index = path.join(output, 'index.html');
const html = fs.readFileSync(index, 'utf8');
const stripped = html.replace(/<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>\s*window\.dataLayer[\s\S]*?<\/script>/g, '');
if (/googletagmanager|gtag\(/.test(stripped)) {
  process.stderr.write(`the analytics snippet in ${index} changed shape and was not removed; not keeping a report that calls home\n`);
  fs.rmSync(index);
  process.exit(1);
}
fs.writeFileSync(index, stripped);
process.stdout.write(`Allure report: ${path.relative(process.cwd(), index) || index}\n`);
