#!/usr/bin/env node
// Opens a sweep's report.html (the contact sheet) in headless Chromium and prints what a
// reader sees, as one JSON object: the sections in page order with their consoles, every
// thumbnail with whether it loaded, and, for each filter label, which sections stay visible
// once it is clicked.
//
//   node check-sweep-report.mjs REPORT.html
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'wmks-client', 'package.json'));
const { chromium } = require('playwright-core');

const report = process.argv[2];
if (!report) {
  process.stderr.write('usage: node check-sweep-report.mjs REPORT.html\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load' });
  // Thumbnails load lazily: ask for all of them, then wait until each is done or failed.
  const images = await page.evaluate(async () => {
    const all = [...document.querySelectorAll('img')];
    for (const img of all) img.loading = 'eager';
    await Promise.all(all.map((img) => img.complete ? null : new Promise((resolve) => {
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
      setTimeout(resolve, 10000);
    })));
    return all.map((img) => ({ src: img.getAttribute('src'), loaded: img.naturalWidth > 0 }));
  });
  const visibleSections = () => page.evaluate(() =>
    [...document.querySelectorAll('main section')]
      .filter((s) => s.offsetParent !== null)
      .map((s) => s.querySelector('h2').textContent.replace(/ \(\d+\)$/, '')));
  const sections = await page.evaluate(() =>
    [...document.querySelectorAll('main section')].map((s) => ({
      state: s.querySelector('h2').textContent.replace(/ \(\d+\)$/, ''),
      consoles: [...s.querySelectorAll('figcaption b')].map((b) => b.textContent),
    })));
  const filters = {};
  for (const label of await page.$$('nav label')) {
    const name = (await label.textContent()).replace(/ \(\d+\)$/, '');
    await label.click();
    filters[name] = await visibleSections();
  }
  process.stdout.write(JSON.stringify({
    title: await page.title(),
    summary: await page.evaluate(() => document.querySelector('p')?.textContent ?? ''),
    sections,
    images,
    filters,
  }) + '\n');
} finally {
  await browser.close();
}
