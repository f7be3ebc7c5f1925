// The pages a person reads, in Debian's Chromium (puppeteer-core drives /usr/bin/chromium; nothing is downloaded):
// the public landing page, sign-in (a wrong password, then the right one), the password page (a weak password), the
// sign-out question. Each page must pass axe (WCAG 2 A/AA and best practices) with no violation, and show no English word.
// Usage: node pages.mjs http://127.0.0.1:8080 [screenshot-dir]   — exits 1 with what failed.
import puppeteer from 'puppeteer-core';
import { readFileSync } from 'fs';
import { createRequire } from 'module';

const base = process.argv[2];
const shots = process.argv[3];
const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 800 });

  async function check(name, expected) {
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }));
    for (const v of result.violations) failures.push(`${name}: axe ${v.id} — ${v.help} (${v.nodes.length})`);
    const text = await page.evaluate(() => document.body.innerText);
    // Words of three or more Latin letters a person would read (login names typed into inputs are not innerText).
    const english = text.match(/\b[A-Za-z]{3,}\b/g) ?? [];
    if (english.length > 0) failures.push(`${name}: English on the page: ${english.join(', ')}`);
    if (!text.includes(expected)) failures.push(`${name}: "${expected}" not shown`);
    if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  }
  async function submit() {
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  }

  await page.goto(`${base}/`);
  await check('landing', '部门决算公开');
  await page.goto(`${base}/?region=abc`);
  await check('landing-bad-region', '行政区划代码应为 6 位数字');
  await page.goto(`${base}/account/login`);
  await check('sign-in', '登录名');
  await page.type('#login_name', 'clerk.urumqi-emergency');
  await page.type('#password', 'not-the-password-1');
  await submit();
  await check('sign-in-wrong', '登录名或密码不正确');
  await page.type('#password', 'demo-clerk-2022');
  await submit();
  if (new URL(page.url()).pathname !== '/') failures.push(`sign-in: landed on ${page.url()}, not on the portal`);
  await page.goto(`${base}/account/password`);
  await check('password', '修改密码');
  await page.type('#current', 'demo-clerk-2022');
  await page.type('#next', 'short');
  await page.type('#confirm', 'short');
  await submit();
  await check('password-weak', '新密码至少 10 个字符');
  await page.goto(`${base}/connect/logout`);
  await check('sign-out', '退出登录');
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('pages: 8 checked in Chromium — axe: no violation; every word shown is Chinese');
