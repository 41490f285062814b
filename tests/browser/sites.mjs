// Site scans in headless Chromium: an admin configures a loopback site and who owns its pages,
// starts a scan and watches it end; the unit's user marks two findings fixed (one really is);
// after a rescan the fixed one shows as 已消除 and the one still on the page is reopened and
// flagged. The scanned text carries markup, which must show as text. The home page's links are
// dead, unverified (HTTP 403) and blocklisted; the ledger's unit filter; an overdue entry in
// red once the server's test clock (`cuomin serve --test-clock`) has moved past its deadline;
// a scan paused and continued, one stopped; the 整改 report printed by `chromium
// --print-to-pdf`. Screenshots go to --out.
//
//   node tests/browser/sites.mjs --cuomin build/cmd/cuomin --modules build/tests/browser/node_modules --out build/screenshots
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import {createRequire} from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc, []));
const cuomin = path.resolve(args.cuomin || 'build/cmd/cuomin');
const outDir = path.resolve(args.out || 'screenshots');
const chromiumPath = args.chromium || process.env.CHROMIUM || '/usr/bin/chromium';
const require = createRequire(path.join(path.resolve(args.modules || 'node_modules'), '..', 'x.js'));
const {chromium} = require('playwright-core');

const PASSWORD = 'Cuomin-E2E-2026';
const TIMEOUT = 30000;
let step = '';
let passed = 0;

function check(cond, what) {
  if (!cond) throw new Error(`${step}: ${what}`);
  ++passed;
}

function run(cmd, argv, input) {
  const r = spawnSync(cmd, argv, {input, encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const {port} = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// The site under test: pages the test changes between scans. A path in `held` answers only
// when release() is called, so that a scan is surely running when the test pauses it.
const pages = new Map();
const statuses = new Map();  // path → an HTTP error status it answers with
const held = new Set();
let waiting = [];
function release() {
  held.clear();
  for (const answer of waiting) answer();
  waiting = [];
}
function html(body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>教育局</title></head><body>${body}</body></html>`;
}
function startSite() {
  const server = http.createServer((req, res) => {
    const p = req.url.split('?')[0];
    if (held.has(p)) {
      waiting.push(() => answer(p, res));
      return;
    }
    answer(p, res);
  });
  function answer(p, res) {
    if (statuses.has(p)) {
      res.writeHead(statuses.get(p), {'Content-Type': 'text/plain'});
      res.end('forbidden');
      return;
    }
    const body = pages.get(p);
    if (body === undefined) {
      res.writeHead(404, {'Content-Type': 'text/plain'});
      res.end('not found');
      return;
    }
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
    res.end(html(body));
  }
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function waitForServer(base, proc) {
  for (let i = 0; i < 200; ++i) {
    if (proc.exitCode !== null) throw new Error(`cuomin serve exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/api/me`)).status === 401) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('cuomin serve did not answer within 20 s');
}

async function loginAs(browser, base, username) {
  const context = await browser.newContext({viewport: {width: 1366, height: 900}, locale: 'zh-CN'});
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { page.problems.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.getByRole('button', {name: '登录'}).click();
  await page.locator('[data-testid=whoami]').waitFor();
  return page;
}

// Pixels of a chart's canvas in the red of its first series: the line was drawn with data.
function redPixels(canvas) {
  return canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] > 150 && d[i + 1] < 110 && d[i + 2] < 110) ++n;
    return n;
  });
}

// "YYYY-MM-DD" of a time in Beijing (UTC+08:00), the users' days.
function beijingDay(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// Moves the server's clock forward (POST /api/test/clock, admin with the CSRF token) so that
// it is `seconds` past `deadline` (seconds since the epoch); returns the server's new time.
async function clockPast(admin, deadline, seconds) {
  return admin.evaluate(async ([deadline, seconds]) => {
    const me = await (await fetch('/api/me')).json();
    const post = async (advance) => {
      const r = await fetch('/api/test/clock', {method: 'POST', body: JSON.stringify({advance_seconds: advance}),
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token}});
      if (r.status !== 200) throw new Error(`POST /api/test/clock: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const now = (await post(1)).now;
    return post(Math.max(1, deadline + seconds - now));
  }, [deadline, seconds]);
}

async function scanAndWait(admin, scansBefore) {
  await admin.locator('[data-testid=scan-start]').click();
  await admin.locator('[data-testid=scan-history] tbody tr').nth(scansBefore).waitFor();
  await admin.locator('[data-testid=scan-progress]', {hasText: '已完成'}).waitFor();
}

async function main() {
  fs.mkdirSync(outDir, {recursive: true});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cuomin-sites-'));
  const db = path.join(tmp, 'sites.db');
  let proc = null;
  let browser = null;
  let site = null;
  let failurePage = null;
  const pagesSeen = [];  // every signed-in page, for the console check at the end
  try {
    step = 'setup';
    run(cuomin, ['unit', 'add', '市政府办公室', '--oversees-all', '--db', db]);
    run(cuomin, ['unit', 'add', '教育局', '--db', db]);
    for (const [name, unit, role] of [['admin', '市政府办公室', 'admin'], ['jiaoyu', '教育局', 'editor'],
                                      ['lichu', '市政府办公室', 'reviewer1']]) {
      run(cuomin, ['user', 'add', name, '--unit', unit, '--role', role, '--db', db], `${PASSWORD}\n`);
    }
    site = await startSite();
    const siteUrl = `http://127.0.0.1:${site.address().port}`;
    pages.set('/', '<p>欢迎访问。</p><a href="/zwgk/bm/jyj/a.html">通知一</a><a href="/zwgk/bm/jyj/b.html">通知二</a>' +
                   '<a href="/old.html">旧栏目</a><a href="/slow.html">专题</a>' +
                   // Behind a login (403): 无法验证. A gambling domain of the shipped blocklist, on
                   // port 1 so that no answer ever comes from it: 黑名单网站.
                   '<a href="/members.html">会员专区</a><a href="http://10bet.com:1/">合作伙伴</a>');
    statuses.set('/members.html', 403);
    pages.set('/slow.html', '<p>专题页面。</p>');
    pages.set('/zwgk/bm/jyj/a.html',
              '<p>各学校要按装消防设施。&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert("x")&lt;/script&gt;他说\'好\'。</p>');
    pages.set('/zwgk/bm/jyj/b.html', '<p>认真做好招生工作布署。</p>');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const scanDay = beijingDay(Date.now());
    proc = spawn(cuomin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--test-clock'],
                 {stdio: ['ignore', 'inherit', 'inherit']});
    await waitForServer(base, proc);
    browser = await chromium.launch({executablePath: chromiumPath, headless: true,
                                     args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});

    step = '1. the admin configures the site and who owns its pages';
    let admin = await loginAs(browser, base, 'admin');
    pagesSeen.push(admin);
    failurePage = admin;
    await admin.getByRole('link', {name: '站点'}).click();
    const form = admin.locator('[data-testid=site-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill('某某市教育局网站');
    await form.locator('textarea[name=start_urls]').fill(`${siteUrl}/`);
    await form.locator('input[name=per_host_rate]').fill('20');
    await form.getByRole('button', {name: '添加网站'}).click();
    await admin.locator('[data-testid=sites-table] a', {hasText: '某某市教育局网站'}).waitFor();
    await admin.locator('[data-testid=prefix-input]').fill('/zwgk/bm/jyj/');
    await admin.locator('[data-testid=prefix-unit]').selectOption({label: '教育局'});
    await admin.locator('[data-testid=prefix-add]').click();
    await admin.locator('tr', {hasText: '/zwgk/bm/jyj/'}).locator('td', {hasText: '教育局'}).waitFor();

    step = '2. a scan runs and ends';
    await scanAndWait(admin, 0);
    await admin.screenshot({path: path.join(outDir, 'sites-1-scanned.png'), fullPage: true});

    step = '3. the unit sees its two findings and marks both fixed';
    let unit = await loginAs(browser, base, 'jiaoyu');
    pagesSeen.push(unit);
    failurePage = unit;
    await unit.getByRole('link', {name: '整改台账'}).click();
    let rows = unit.locator('[data-testid=ledger-table] tbody tr');
    await rows.first().waitFor();
    check(await rows.count() === 2, `two entries for 教育局 (${await rows.count()})`);
    check(await unit.locator('[data-testid=ledger-table] td.f-text', {hasText: '按装'}).count() === 1, 'the typo 按装');
    check(await unit.locator('img').count() === 0, 'the scanned markup is not markup');
    check(await unit.locator('[data-testid=ledger-table] .ledger-site', {hasText: '某某市教育局网站'}).count() === 2,
      'each row names its site');
    await unit.screenshot({path: path.join(outDir, 'sites-2-ledger.png'), fullPage: true});

    step = '3a. the page of a ledger entry: its text with the finding marked, markup as text';
    await unit.locator('[data-testid=ledger-table] tr', {hasText: '按装'}).locator('[data-testid=ledger-page]').click();
    const text = unit.locator('[data-testid=page-text]');
    await text.waitFor();
    check((await text.textContent()).includes('<img src=x onerror=alert(1)><script>alert("x")</script>他说\'好\'。'),
      `the scanned markup shows as text (${await text.textContent()})`);
    check(await unit.locator('[data-testid=page-text] mark.hl', {hasText: '按装'}).count() === 1, 'the typo is marked in the text');
    check(await unit.locator('img').count() === 0 && await unit.locator('main script').count() === 0, 'no scanned element became one');
    check(await unit.locator('[data-testid=page-findings] li', {hasText: '待整改'}).count() === 1, 'the finding with its 整改 state');
    await unit.screenshot({path: path.join(outDir, 'sites-2a-page.png'), fullPage: true});
    await unit.goBack();
    await rows.first().waitFor();

    step = '3b. the home page (the office\'s): its links with their status';
    await admin.goto(`${base}/sites/1/page?url=${encodeURIComponent(`${siteUrl}/`)}`);
    await admin.locator('[data-testid=page-links]').waitFor();
    const linkRows = admin.locator('[data-testid=page-links] tr');
    const dead = linkRows.filter({hasText: '/old.html'});
    check(await dead.count() === 1 && await dead.getAttribute('data-link-status') === 'link-dead' &&
          (await dead.textContent()).includes('死链'), 'the dead link is named 死链');
    const unverified = linkRows.filter({hasText: '/members.html'});
    check(await unverified.count() === 1 && await unverified.getAttribute('data-link-status') === 'link-unverified' &&
          (await unverified.textContent()).includes('无法验证'),
      `the link behind a login is named 无法验证 (${await unverified.textContent()})`);
    const blocked = linkRows.filter({hasText: '10bet.com'});
    check(await blocked.count() === 1 && (await blocked.getAttribute('data-link-status')).split(' ').includes('link-blocklisted') &&
          (await blocked.textContent()).includes('黑名单网站'),
      `the gambling link is named 黑名单网站 (${await blocked.textContent()})`);
    check(await blocked.evaluate((tr) => tr.classList.contains('sev-text-critical')), 'and marked critical');
    check(await admin.locator('[data-testid=page-links] tr[data-link-status=ok]').count() === 3, 'the three good links say 正常');
    // Its 导出 CSV button gives the same links with the same states.
    const linksCsv = await admin.evaluate(async () => {
      const r = await fetch(document.querySelector('[data-testid=links-csv]').href);
      const bytes = new Uint8Array(await r.arrayBuffer());
      return {type: r.headers.get('Content-Type'), bom: [...bytes.slice(0, 3)].join(','),
              text: new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes)};
    });
    check(linksCsv.type === 'text/csv; charset=utf-8' && linksCsv.bom === '239,187,191' &&
          linksCsv.text.startsWith('\uFEFF页面,链接,行,列,状态,'),
      `the links CSV has a BOM and a header (${linksCsv.text.slice(0, 40)})`);
    for (const [target, state] of [['/old.html', '死链'], ['/members.html', '无法验证'], ['10bet.com', '黑名单网站']]) {
      check(linksCsv.text.split('\r\n').some((l) => l.includes(target) && l.includes(`"${state}"`)), `the CSV gives ${target} as ${state}`);
    }
    await admin.screenshot({path: path.join(outDir, 'sites-2b-links.png'), fullPage: true});

    step = '3c. the ledger\'s unit filter lists that unit\'s entries only';
    await admin.goto(`${base}/ledger`);
    const ledgerUnits = () => admin.locator('[data-testid=ledger-table] td.ledger-unit').allTextContents();
    await admin.locator('[data-testid=ledger-table] tbody tr').first().waitFor();
    const everyUnit = new Set(await ledgerUnits());
    check(everyUnit.has('教育局') && everyUnit.has('市政府办公室'), `unfiltered, both units' entries (${[...everyUnit]})`);
    for (const [name, least] of [['教育局', 2], ['市政府办公室', 3]]) {
      await admin.locator('form.filters select[name=unit]').selectOption({label: name});
      await admin.waitForFunction((n) => {
        const cells = [...document.querySelectorAll('[data-testid=ledger-table] td.ledger-unit')];
        return cells.length > 0 && cells.every((c) => c.textContent === n);
      }, name);
      const shown = await ledgerUnits();
      check(shown.length >= least && shown.every((u) => u === name), `filtered by ${name}: ${shown.length} rows, all ${name}`);
      check(new URL(admin.url()).searchParams.get('unit') !== null, 'the filter is in the address');
      const csvHref = await admin.locator('a.csv-link, a[download="ledger.csv"]').first().getAttribute('href');
      check(/[?&]unit=\d+/.test(csvHref), `the CSV button exports the filtered list (${csvHref})`);
    }
    await admin.screenshot({path: path.join(outDir, 'sites-2c-ledger-unit-filter.png'), fullPage: true});
    await admin.goto(`${base}/sites`);
    await admin.locator('[data-testid=scan-history] tbody tr').first().waitFor();
    for (let i = 0; i < 2; ++i) {
      await unit.locator('[data-testid=ledger-table] tr[data-status=open] [data-testid=ledger-fixed]').first().click();
      await unit.locator('[data-testid=ledger-table] tr[data-status=fixed_claimed]').nth(i).waitFor();
    }

    step = '4. a rescan: the fixed one is gone, the other reopened';
    pages.set('/zwgk/bm/jyj/a.html', '<p>各学校要安装消防设施。</p>');
    await admin.reload();
    await admin.locator('[data-testid=scan-history] tbody tr').first().waitFor();
    await scanAndWait(admin, 1);
    await admin.screenshot({path: path.join(outDir, 'sites-3-rescanned.png'), fullPage: true});
    await unit.reload();
    await rows.first().waitFor();
    const a = unit.locator('[data-testid=ledger-table] tr', {hasText: '按装'});
    const b = unit.locator('[data-testid=ledger-table] tr', {hasText: '布署'});
    check(await a.getAttribute('data-status') === 'fixed', `a.html shows as fixed (${await a.getAttribute('data-status')})`);
    check(await b.getAttribute('data-status') === 'reopened', `b.html is reopened (${await b.getAttribute('data-status')})`);
    check(await b.locator('.badge.flagged').count() === 1, 'and flagged 复扫仍在');
    await unit.screenshot({path: path.join(outDir, 'sites-4-ledger-after.png'), fullPage: true});

    step = '4a. an overdue entry stands out in red';
    // Nothing is overdue yet; the server's clock then moves to an hour past the reopened
    // entry's deadline (days: the sessions expire as they would, and both sign in again).
    check(await unit.locator('[data-testid=ledger-table] tr.overdue').count() === 0, 'nothing overdue before the deadline');
    const entries = await unit.evaluate(async () => (await fetch('/api/ledger')).json());
    const reopened = entries.items.find((e) => e.source.endsWith('/b.html'));
    check(reopened && reopened.status === 'reopened' && !reopened.overdue, `b.html's entry is reopened, not overdue (${JSON.stringify(reopened)})`);
    const moved = await clockPast(admin, reopened.deadline, 3600);
    check(moved.now >= reopened.deadline + 3600, `the server's clock is past the deadline (${JSON.stringify(moved)})`);
    await unit.reload();
    await unit.locator('input[name=username]').waitFor();  // signed out by the idle timeout
    for (const p of [admin, unit]) await p.context().close();
    unit = await loginAs(browser, base, 'jiaoyu');
    admin = await loginAs(browser, base, 'admin');
    pagesSeen.push(unit, admin);
    failurePage = unit;
    await unit.getByRole('link', {name: '整改台账'}).click();
    rows = unit.locator('[data-testid=ledger-table] tbody tr');
    await rows.first().waitFor();
    const late = unit.locator('[data-testid=ledger-table] tr', {hasText: '布署'});
    await late.waitFor();
    check(await late.evaluate((tr) => tr.classList.contains('overdue')), 'the overdue row has the class overdue');
    const lateCell = late.locator('td.overdue-text');
    check(await lateCell.count() === 1 && (await lateCell.textContent()).includes('已逾期'), 'its deadline says 已逾期');
    const red = (c) => { const m = c.match(/\d+/g).map(Number); return m[0] > 150 && m[1] < 80 && m[2] < 80; };
    const lateColor = await lateCell.evaluate((td) => getComputedStyle(td).color);
    check(red(lateColor), `the deadline is drawn in red (${lateColor})`);
    const lateEdge = await late.evaluate((tr) => getComputedStyle(tr).boxShadow);
    check(/rgb\(\s*(1[5-9]\d|2\d\d),/.test(lateEdge), `the row has a red edge (${lateEdge})`);
    const onTime = unit.locator('[data-testid=ledger-table] tr', {hasText: '按装'});
    check(!(await onTime.evaluate((tr) => tr.classList.contains('overdue'))), 'an entry on time is not marked');
    const unitOverdue = unit.locator('[data-testid=ledger-units] tbody tr', {hasText: '教育局'}).locator('td').nth(2);
    check((await unitOverdue.textContent()) === '1' && red(await unitOverdue.evaluate((td) => getComputedStyle(td).color)),
      'the unit\'s 已逾期 count is 1, in red');
    await unit.screenshot({path: path.join(outDir, 'sites-4a-overdue.png'), fullPage: true});
    await admin.goto(`${base}/sites`);
    await admin.locator('[data-testid=scan-history] tbody tr').nth(1).waitFor();

    step = '5. the admin pauses a running scan, then continues it';
    failurePage = admin;
    held.add('/slow.html');
    await admin.locator('[data-testid=scan-start]').click();
    await admin.locator('[data-testid=scan-progress]', {hasText: '扫描中'}).waitFor();
    await admin.locator('[data-testid=scan-pause]').click();
    release();  // the page in flight is finished and kept
    await admin.locator('[data-testid=scan-progress]', {hasText: '已暂停'}).waitFor();
    await admin.locator('[data-testid=scan-history] tbody tr').nth(2).waitFor();
    check((await admin.locator('[data-testid=scan-history] tbody tr').first().textContent()).includes('已暂停'),
      'the scan history shows the scan 已暂停');
    await admin.screenshot({path: path.join(outDir, 'sites-5-paused.png'), fullPage: true});
    await admin.locator('[data-testid=scan-start]').click();
    await admin.locator('[data-testid=scan-history] tbody tr').first().filter({hasText: '已完成'}).waitFor();
    check(await admin.locator('[data-testid=scan-history] tbody tr').count() === 3, 'continuing is the same scan, not a fourth');
    check((await admin.locator('[data-testid=scan-history] tbody tr').first().textContent()).includes('已完成'),
      'and it is 已完成');

    step = '5a. the admin stops a running scan';
    held.add('/slow.html');
    await admin.locator('[data-testid=scan-start]').click();
    await admin.locator('[data-testid=scan-progress]', {hasText: '扫描中'}).waitFor();
    await admin.locator('[data-testid=scan-stop]').click();
    release();
    await admin.locator('[data-testid=scan-progress]', {hasText: '已停止'}).waitFor();
    await admin.locator('[data-testid=scan-history] tbody tr').nth(3).waitFor();
    check((await admin.locator('[data-testid=scan-history] tbody tr').first().textContent()).includes('已停止'),
      'the scan history shows the scan 已停止');
    const stopped = await admin.evaluate(async () => (await fetch('/api/sites/1/progress')).json());
    check(stopped.running === false && stopped.state === 'cancelled', `the server says cancelled (${JSON.stringify(stopped)})`);
    await admin.screenshot({path: path.join(outDir, 'sites-5a-stopped.png'), fullPage: true});

    await admin.locator('[data-testid=chart-scans] canvas').waitFor();
    check(await redPixels(admin.locator('[data-testid=chart-scans] canvas')) > 20, 'the trend over scans is drawn');

    step = '6. statistics with a trend chart, and the printable 整改 report as a PDF';
    failurePage = admin;
    // From the day of the scans: the default period is the year to date, and the server's
    // clock now runs days ahead (past a new year, were the test run in late December).
    await admin.getByRole('link', {name: '统计'}).click();
    await admin.locator('[data-testid=stats-sites]').waitFor();
    await admin.goto(`${base}/stats?from=${scanDay}`);
    await admin.locator('[data-testid=stats-sites]').waitFor();
    const months = admin.locator('[data-testid=chart-months] canvas');
    await months.waitFor();
    check(await redPixels(months) > 20, 'the trend over months is drawn (the 发现 line in red)');
    // Without hovering, the legend gives the latest month's figures, not uPlot's "--".
    const legend = await admin.locator('[data-testid=chart-months] .u-legend').textContent();
    const stats = await admin.evaluate(async (from) => (await fetch(`/api/stats?from=${from}`)).json(), scanDay);
    const last = stats.sites.months[stats.sites.months.length - 1];
    check(!legend.includes('--') && legend.includes(last.month) && legend.includes(String(last.found)),
      `the month chart's legend shows ${last.month}: ${last.found} without a cursor (${legend})`);
    // The period's inputs show the days counted: today in Beijing when no end was chosen.
    check(await admin.locator('input[name=to]').inputValue() === stats.to, `the end date shows ${stats.to}`);
    check(Number(await admin.locator('[data-testid=stat-site-found] .stat-value').textContent()) >= 3,
      'the site figures count what the scans found');
    await admin.screenshot({path: path.join(outDir, 'sites-6-stats.png'), fullPage: true});
    await admin.locator('select[name=unit]').selectOption({label: '教育局'});
    await admin.getByRole('button', {name: '统计', exact: true}).click();
    await admin.locator('[data-testid=stats-report]').click();
    await admin.locator('[data-testid=report] .report-list').waitFor();
    const period = await admin.locator('[data-testid=report-period]').textContent();
    // Laid out for paper (the print stylesheet, the width between A4's margins): no header and
    // no short word (原文 such as 布署, a severity, a status) breaks over lines.
    await admin.emulateMedia({media: 'print'});
    await admin.setViewportSize({width: Math.round(186 / 25.4 * 96), height: 1000});
    const broken = await admin.locator('[data-testid=report-list]').evaluate((table) => {
      const lines = (cell) => {
        const r = document.createRange();
        r.selectNodeContents(cell);
        return new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top))).size;
      };
      return [...table.querySelectorAll('th, td')]
        .filter((c) => [...c.textContent].length <= 6 && lines(c) > 1).map((c) => c.textContent);
    });
    check(broken.length === 0, `no header or short word breaks over lines on paper: ${broken.join(', ')}`);
    const textColumn = await admin.locator('[data-testid=report-list] col.c-text').evaluate((c) => c.getBoundingClientRect().width);
    check(textColumn >= 90, `the 原文 column is ${textColumn}px wide on paper (at least 24 mm)`);
    await admin.screenshot({path: path.join(outDir, 'sites-7-report-print.png'), fullPage: true});
    await admin.emulateMedia({media: null});
    await admin.setViewportSize({width: 1366, height: 900});
    // Printed by Chromium itself (`--print-to-pdf`): the report page as the browser shows it,
    // saved with its stylesheet inline and without scripts; the stylesheet's @page (A4, its
    // margins) and its print rules decide.
    const saved = await admin.evaluate(async () => {
      const doc = document.documentElement.cloneNode(true);
      let css = '';
      for (const l of doc.querySelectorAll('link[rel=stylesheet]')) {
        css += await (await fetch(l.href)).text();
        l.remove();
      }
      doc.querySelectorAll('script').forEach((s) => s.remove());
      const style = document.createElement('style');
      style.textContent = css;
      doc.querySelector('head').append(style);
      return '<!DOCTYPE html>' + doc.outerHTML;
    });
    check(saved.includes('@page'), 'the saved report carries the print stylesheet');
    const reportHtml = path.join(tmp, 'report.html');
    fs.writeFileSync(reportHtml, saved);
    const pdf = path.join(outDir, 'sites-report.pdf');
    fs.rmSync(pdf, {force: true});
    const printed = spawnSync(chromiumPath, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      `--user-data-dir=${path.join(tmp, 'chromium-profile')}`, '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`, `file://${reportHtml}`], {encoding: 'utf8', timeout: 120000});
    check(fs.existsSync(pdf) && fs.statSync(pdf).size > 0,
      `chromium --print-to-pdf wrote the PDF (status ${printed.status}: ${printed.stderr.slice(-300)})`);
    const pdfInfo = run('pdfinfo', [pdf]);
    check(/Page size:.*\(A4\)/.test(pdfInfo), `the PDF is A4 (${pdfInfo.match(/Page size:.*/)})`);
    const pdfText = run('pdftotext', ['-layout', pdf, '-']);
    check(pdfText.includes('教育局网站问题整改报告'), `the PDF names the unit (${pdfText.slice(0, 200)})`);
    check(pdfText.includes(period.trim()), `the PDF gives the period ${period}`);
    check(pdfText.includes('布署') && pdfText.includes('按装'), 'the PDF lists the findings');
    check(!pdfText.includes('整改台账') && !pdfText.includes('打印'), 'no dashboard around the report on paper');
    await admin.screenshot({path: path.join(outDir, 'sites-7-report.png'), fullPage: true});

    for (const p of pagesSeen) {
      check(p.problems.length === 0, `no console errors or CSP violations: ${p.problems.join(' | ')}`);
    }
    console.log(`browser sites: ${passed} checks passed; screenshots in ${outDir}`);
  } catch (e) {
    if (failurePage) await failurePage.screenshot({path: path.join(outDir, 'sites-failure.png'), fullPage: true}).catch(() => {});
    console.error(`browser sites FAILED at ${step}: ${e.message}`);
    if (process.env.DEBUG_SITES && failurePage) console.error(failurePage.url(), JSON.stringify(await failurePage.evaluate(async () => [await (await fetch('/api/sites')).json(), await (await fetch('/api/sites/1/scans')).json(), await (await fetch('/api/sites/1/progress')).json()]).catch((x) => String(x))));
    if (failurePage && failurePage.problems.length) console.error(`page problems: ${failurePage.problems.join(' | ')}`);
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (proc && proc.exitCode === null) proc.kill('SIGTERM');
    if (site) site.close();
    fs.rmSync(tmp, {recursive: true, force: true});
  }
}

main();
