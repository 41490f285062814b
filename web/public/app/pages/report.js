// 整改报告: one unit's site problems of a period, for printing and filing (A4, the print rules
// of style.css): the figures, then every entry assigned in the period with where it is, what
// is wrong, how it stands and its deadline. The server counts and lists; this page lays out.
import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';
import {severityName} from '../labels.js';

function day(seconds) {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const MAX_ROWS = 5000;

export async function renderReport(main, {query}) {
  const unit = query.get('unit') || '';
  const period = {from: query.get('from') || '', to: query.get('to') || '', unit};
  if (!unit) {
    replace(main, notice('error', '请在“统计”页选择单位后生成整改报告。'));
    return;
  }
  const stats = await api('GET', '/api/stats', {query: period});
  const s = stats.sites;
  if (!s) {
    replace(main, notice('error', '此服务器未启用网站扫描，没有整改报告。'));
    return;
  }
  const unitLine = s.units.find((u) => u.key === unit) || s.total;
  const items = [];
  let total = 0;
  for (let after = ''; items.length < MAX_ROWS;) {
    // The days the figures count (Beijing days, docs/api.md).
    const page = await api('GET', '/api/ledger', {query: {unit, from: stats.from, to: stats.to, per_page: 500, after}});
    items.push(...page.items);
    total = page.total;
    if (!page.next) break;
    after = page.next;
  }
  const figures = [['发现问题', unitLine.found], ['已整改', unitLine.fixed], ['待整改', unitLine.waiting],
                   ['逾期未整改', unitLine.overdue], ['申报待核', unitLine.claimed], ['确认非错误', unitLine.not_error]];
  main.classList.add('page-report');
  replace(main, h('article', {class: 'report', 'data-testid': 'report'},
    h('div', {class: 'report-tools no-print'},
      h('button', {type: 'button', class: 'btn btn-primary', onclick: () => window.print()}, '打印'), ' ',
      h('a', {href: `/stats?${new URLSearchParams(period)}`, class: 'btn'}, '返回统计')),
    h('h1', {class: 'report-title'}, `${unitLine.name}网站问题整改报告`),
    h('p', {class: 'report-period', 'data-testid': 'report-period'}, `统计期间：${stats.from} 至 ${stats.to}`),
    h('table', {class: 'report-figures'}, h('tbody', null,
      h('tr', null, figures.map(([label]) => h('th', null, label))),
      h('tr', null, figures.map(([, v]) => h('td', {class: 'num'}, String(v)))))),
    h('p', null, `其中改正错别字 ${s.typos_corrected} 处，删除敏感词与问题链接 ${s.sensitive_removed} 处。`),
    h('h2', null, '问题清单'),
    items.length ? h('table', {class: 'report-list', 'data-testid': 'report-list'},
      h('colgroup', null, ['c-no', 'c-page', 'c-text', 'c-message', 'c-severity', 'c-status', 'c-deadline'].map((c) => h('col', {class: c}))),
      h('thead', null, h('tr', null, ['序号', '页面', '原文', '问题说明', '严重程度', '状态', '整改期限'].map((t) => h('th', null, t)))),
      h('tbody', null, items.map((e, i) => h('tr', {class: e.overdue ? 'overdue' : ''},
        h('td', {class: 'num'}, String(i + 1)),
        h('td', {class: 'report-url'}, e.source),
        h('td', null, e.text),
        h('td', null, e.message),
        h('td', {class: 'nowrap'}, severityName(e.severity)),
        h('td', null, e.status_name, e.flagged ? '（复扫仍在）' : '', e.overdue ? '（已逾期）' : ''),
        h('td', {class: 'nowrap'}, day(e.deadline)))))) :
      h('p', null, '本期没有分派给本单位的问题。'),
    total > items.length ? h('p', {class: 'muted'}, `共 ${total} 条，此处列出前 ${items.length} 条；完整清单请导出 CSV。`) : null,
    h('p', {class: 'report-footer'}, `生成时间：${new Date().toLocaleString('zh-CN', {hour12: false})}`)));
}
