// Loads the demo drafts into a running `cuomin serve` through its JSON API, as the demo users
// would: editors submit, reviewers send back, sign and decide. Users and units are made before
// with the CLI (scripts/demo.sh).
//
//   node scripts/demo_load.mjs http://127.0.0.1:8080 PASSWORD
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const [base, password] = process.argv.slice(2);
if (!base || !password) {
  console.error('usage: node scripts/demo_load.mjs BASE_URL PASSWORD');
  process.exit(2);
}
const samples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'samples', 'demo');
const text = (name) => fs.readFileSync(path.join(samples, name), 'utf8');

class Session {
  static async login(username) {
    const s = new Session(username);
    const r = await s.call('POST', '/api/login', {username, password});
    s.csrf = r.csrf_token;
    return s;
  }
  constructor(username) { this.username = username; this.cookie = ''; this.csrf = ''; }
  async call(method, url, body) {
    const headers = {'Origin': base, 'Content-Type': 'application/json'};
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(base + url, {method, headers, body: body ? JSON.stringify(body) : undefined});
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      throw new Error(`${this.username}: ${method} ${url} → ${res.status} ${data && data.error ? data.error.message : ''}`);
    }
    return data;
  }
  submit(title, file, submit = true) {
    return this.call('POST', '/api/drafts', {title, text: text(file), submit});
  }
  sign(draft, extra = {}) { return this.call('POST', `/api/drafts/${draft.id}/sign`, {version: draft.version, ...extra}); }
}

// The server was just started: wait until it answers (at most 30 s).
for (let i = 0; ; ++i) {
  try {
    await fetch(`${base}/api/me`);
    break;
  } catch (e) {
    if (i >= 300) throw new Error(`cuomin serve does not answer at ${base}: ${e.message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const [jiaoyu, zhen, bangong, chushen, fushen, zhongshen] = await Promise.all(
  ['jiaoyu', 'zhen', 'bangong', 'chushen', 'fushen', 'zhongshen'].map((u) => Session.login(u)));

// 初审 waits: a school notice with a typo, a repeated character and a mobile number.
const school = await jiaoyu.submit('关于做好2026年冬季校园安全工作的通知', 'school-safety.txt');
await chushen.call('POST', `/api/drafts/${school.id}/comments`, {text: '手机号请改为单位办公电话后再提交。'});

// Sent back by 初审: the editor sees why on the home page.
const afterSchool = await jiaoyu.submit('关于2026年秋季学期中小学课后服务工作的通知', 'after-school.txt');
await chushen.call('POST', `/api/drafts/${afterSchool.id}/send-back`,
                   {version: afterSchool.version, comment: '“县发展改革局”应为“县发展和改革局”，请核对部门全称后重新提交。'});

// 复审 waits: 初审 signed a township's plan; one finding accepted as not an error.
let forest = await zhen.submit('某某镇2026年秋冬季森林防火工作方案', 'forest-fire.txt');
const forestFindings = await chushen.call('GET', `/api/drafts/${forest.id}/versions/${forest.version}/findings`);
const notTypo = forestFindings.items.find((f) => f.severity !== 'critical');
if (notTypo) {
  await chushen.call('POST', `/api/findings/${notTypo.id}/decision`, {status: 'deferred', reason: '与镇应急办核实后再定。'});
}
forest = await chushen.sign(forest);

// 可发布: the city office's heating notice went through all three reviews.
let heating = await bangong.submit('关于做好2026—2027年度城区供暖工作的通知', 'heating.txt');
heating = await chushen.sign(heating);
heating = await fushen.sign(heating);
heating = await zhongshen.sign(heating, {password});

// 已发布: a township's notice, published after the three reviews.
let volunteer = await zhen.submit('某某镇关于招募2026年度文明实践志愿者的公告', 'volunteer.txt');
volunteer = await chushen.sign(volunteer);
volunteer = await fushen.sign(volunteer);
volunteer = await zhongshen.sign(volunteer, {password});
await zhen.call('POST', `/api/drafts/${volunteer.id}/publish`, {});

// 草稿: not yet submitted.
await bangong.submit('关于开展2024年全市安全生产大检查工作的通知（征求意见稿）', '../draft-notice.txt', false);

console.log('demo data loaded: 6 drafts (草稿, 初审 ×1, 退回, 复审, 可发布, 已发布)');
