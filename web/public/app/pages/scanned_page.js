// One scanned page of a site: its visible text with the findings highlighted as for a draft
// (the draft view's markText), the findings with their 整改 state, and every link of the page
// with what the scan found wrong with it (dead, unverified, hidden, blocklisted, turned bad).
// Everything scanned goes in as text nodes: a page holding <script> or quotes shows them.
import {api} from '../api.js';
import {h, replace} from '../dom.js';
import {LINK_PROBLEMS, SEVERITIES, linkProblemName, severityRank} from '../labels.js';
import {severityBadge} from '../widgets.js';
import {markText} from './draft.js';

function day(seconds) {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function entryState(e) {
  if (!e) return h('span', {class: 'muted'}, '未分派');
  return [h('span', {class: `badge ledger-${e.status}`}, e.status_name),
    e.flagged ? h('span', {class: 'badge flagged', title: '单位申报已整改，复扫仍发现'}, '复扫仍在') : null,
    h('span', {class: e.overdue ? 'overdue-text' : 'muted'}, ` 期限 ${day(e.deadline)}${e.overdue ? '（已逾期）' : ''}`)];
}

function linkRow(l) {
  const worst = [...l.problems].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  return h('tr', {class: l.problems.length ? `link-row link-bad sev-text-${worst.severity}` : 'link-row',
                  'data-link-status': l.problems.map((p) => p.rule).join(' ') || 'ok'},
    h('td', {class: 'source-cell'}, h('a', {href: l.target, target: '_blank', rel: 'noopener noreferrer'}, l.target)),
    h('td', {class: 'nowrap'}, `${l.line}:${l.column}`),
    h('td', null, l.problems.length ?
      l.problems.map((p) => h('div', null, h('span', {class: `badge sev sev-${p.severity}`}, linkProblemName(p.rule)), ' ', p.message)) :
      h('span', {class: 'muted'}, '正常')));
}

export async function renderScannedPage(main, {params, query}) {
  const siteId = Number(params[0]);
  const url = query.get('url') || '';
  const page = await api('GET', `/api/sites/${siteId}/page`, {query: {url}});
  const inText = page.findings.filter((f) => f.category !== 'link');
  const marks = new Map();
  const doc = h('div', {class: 'doc-text', 'data-testid': 'page-text', lang: 'zh-CN'});
  if (page.has_text) {
    replace(doc, ...markText(page.text, inText, marks));
  } else {
    replace(doc, h('p', {class: 'muted'}, page.read_error ? `无法显示正文：${page.read_error}` :
      '附件或无法读取的页面：正文未保存，问题列在右侧。'));
  }
  const items = inText.map((f) => {
    const li = h('li', {class: `finding sev-${f.severity}`, 'data-finding': f.id, tabindex: 0},
      h('div', {class: 'f-head'}, severityBadge(f.severity), h('span', {class: 'f-text'}, `「${f.text}」`),
        f.suggestion ? [h('span', {class: 'f-arrow'}, '→'), h('span', {class: 'f-suggestion'}, f.suggestion)] : null,
        h('span', {class: 'f-pos'}, `${f.line}:${f.column}`)),
      h('div', {class: 'f-message'}, f.message),
      h('div', {class: 'f-meta'}, `规则 ${f.rule} · `, entryState(f.entry)));
    li.addEventListener('click', () => {
      const m = marks.get(f.id);
      if (m) m.scrollIntoView({block: 'center', behavior: 'smooth'});
    });
    return li;
  });
  const bad = page.links.filter((l) => l.problems.length).length;
  const linkFilter = h('select', {name: 'links', 'aria-label': '链接筛选'},
    h('option', {value: ''}, `全部链接（${page.links.length}）`),
    h('option', {value: 'bad'}, `有问题的链接（${bad}）`),
    LINK_PROBLEMS.map(([rule, name]) => {
      const n = page.links.filter((l) => l.problems.some((p) => p.rule === rule)).length;
      return n ? h('option', {value: rule}, `${name}（${n}）`) : null;
    }));
  const linkBody = h('tbody');
  const drawLinks = () => {
    const v = linkFilter.value;
    replace(linkBody, page.links.filter((l) => !v || (v === 'bad' ? l.problems.length : l.problems.some((p) => p.rule === v))).map(linkRow));
  };
  linkFilter.addEventListener('change', drawLinks);
  drawLinks();
  main.classList.add('page-draft');
  replace(main,
    h('div', {class: 'draft-head'},
      h('div', {class: 'draft-title-row'}, h('h1', {class: 'page-url', 'data-testid': 'page-url'}, page.url)),
      h('div', {class: 'draft-meta'}, `${page.site.name} · 责任单位 ${page.unit.name} · 第 ${page.scan} 次扫描 · `,
        h('a', {href: page.url, target: '_blank', rel: 'noopener noreferrer'}, '打开原网页'), ' · ',
        h('a', {href: `/ledger?site=${page.site.id}`}, '整改台账'))),
    h('div', {class: 'draft-body'},
      h('section', {class: 'doc-pane'},
        h('div', {class: 'doc-tools'}, h('strong', null, '页面正文'),
          h('span', {class: 'legend'}, SEVERITIES.map(([s, name]) => h('span', {class: `legend-item hl sev-${s}`}, name)))),
        doc),
      h('aside', {class: 'side-pane'},
        h('div', {class: 'side-body'},
          h('h3', null, `问题（${inText.length}）`),
          items.length ? h('ul', {class: 'findings', 'data-testid': 'page-findings'}, items) : h('p', {class: 'empty'}, '正文中没有发现问题。'),
          h('h3', null, '链接'), linkFilter, ' ',
          h('a', {href: `/api/sites/${page.site.id}/links.csv?url=${encodeURIComponent(page.url)}`, download: 'links.csv', class: 'btn btn-small csv-link', 'data-testid': 'links-csv'}, '导出 CSV'),
          page.links.length ? h('table', {class: 'table links', 'data-testid': 'page-links'},
            h('thead', null, h('tr', null, ['链接', '位置', '状态'].map((t) => h('th', null, t)))), linkBody) :
            h('p', {class: 'empty'}, '页面没有链接。')))));
}
