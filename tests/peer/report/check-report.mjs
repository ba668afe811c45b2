#!/usr/bin/env node
// Opens a run's report.html in headless Chromium and prints what a reader would see, as one
// JSON object: the title, the step rows (and which are marked failed), every image with
// whether it loaded, and the video with its duration once Chromium has read its header.
//
//   node check-report.mjs REPORT.html
//
// playwright-core comes from the WebMKS client harness beside this folder (one npm install).
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'wmks-client', 'package.json'));
const { chromium } = require('playwright-core');

const report = process.argv[2];
if (!report) {
  process.stderr.write('usage: node check-report.mjs REPORT.html\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load' });
  const video = await page.evaluate(async () => {
    const v = document.querySelector('video');
    if (!v) return null;
    if (v.readyState < 1 && !v.error) {
      await new Promise((resolve) => {
        v.addEventListener('loadedmetadata', resolve, { once: true });
        v.addEventListener('error', resolve, { once: true });
        setTimeout(resolve, 10000);
      });
    }
    // Seek near the end: a cut or broken file fails here, not at the start.
    if (!v.error && isFinite(v.duration) && v.duration > 1) {
      await new Promise((resolve) => {
        v.addEventListener('seeked', resolve, { once: true });
        v.addEventListener('error', resolve, { once: true });
        v.currentTime = v.duration - 0.5;
        setTimeout(resolve, 10000);
      });
    }
    return {
      src: v.getAttribute('src'),
      readyState: v.readyState,
      duration: v.duration,
      width: v.videoWidth,
      height: v.videoHeight,
      currentTime: v.currentTime,
      error: v.error ? v.error.code : null,
    };
  });
  const result = await page.evaluate(() => ({
    title: document.querySelector('h1')?.textContent ?? '',
    outcome: document.querySelector('dd[class^="outcome-"]')?.className ?? '',
    rows: document.querySelectorAll('tbody tr').length,
    failedRows: [...document.querySelectorAll('tr.failed')].map((r) => r.textContent),
    images: [...document.images].map((i) => ({
      src: i.getAttribute('src'),
      loaded: i.complete && i.naturalWidth > 0,
      naturalWidth: i.naturalWidth,
    })),
  }));
  process.stdout.write(JSON.stringify({ ...result, video }) + '\n');
} finally {
  await browser.close();
}
