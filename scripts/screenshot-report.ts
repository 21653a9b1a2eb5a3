// Screenshots an offline report in headless Debian Chromium with no network:
//   npx tsx scripts/screenshot-report.ts <index.html> <out.png> [--full-page] [--width 1280] [--height 900]
// docs/report.png is made from the demo: npx tsx scripts/screenshot-report.ts demo-output/index.html docs/report.png
import { parseArgs } from 'node:util';
import { screenshotReport } from './report-browser.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'full-page': { type: 'boolean', default: false },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '900' },
  },
});
const [html, out] = positionals;
const width = Number(values.width);
const height = Number(values.height);
if (!html || !out || positionals.length > 2 || !(width > 0) || !(height > 0)) {
  console.error(
    'usage: tsx scripts/screenshot-report.ts <index.html> <out.png> [--full-page] [--width N] [--height N]',
  );
  process.exit(2);
}
const png = await screenshotReport(html, out, { width, height, fullPage: values['full-page'] });
console.log(`wrote ${out} (${png.length} bytes, ${width}px wide${values['full-page'] ? ', full page' : ''})`);
