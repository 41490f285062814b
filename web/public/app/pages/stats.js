// Statistics for a chosen period: the figures an annual report quotes (drafts submitted and
// published, typos corrected, sensitive content removed) and the findings behind them by unit,
// category, severity and rule. The server counts; this page only lays the numbers out.
import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';
import {setQuery} from '../widgets.js';
import {lineChart} from '../chart.js';

const COLUMNS = [['found', '发现'], ['open', '待处理'], ['fixed', '已改正'],
                 ['accepted', '不是错误'], ['deferred', '暂缓']];

function lineCells(line) {
  return COLUMNS.map(([k]) => h('td', {class: 'num'}, String(line[k])));
}

function breakdown(title, testid, lines, firstHeader) {
  return h('section', {class: 'stats-block', 'data-testid': testid},
    h('h2', null, title),
    lines.length ?
      h('table', {class: 'table stats-table'},
        h('thead', null, h('tr', null, h('th', null, firstHeader), COLUMNS.map(([, t]) => h('th', {class: 'num'}, t)))),
        h('tbody', null, lines.map((l) => h('tr', null, h('td', null, l.name), lineCells(l))))) :
      h('p', {class: 'empty'}, '本期没有发现问题。'));
}

const SITE_COLUMNS = [['found', '发现'], ['waiting', '待整改'], ['overdue', '逾期'],
                      ['claimed', '待核'], ['fixed', '已整改'], ['not_error', '非错误']];

function siteTable(title, testid, lines, firstHeader) {
  return h('section', {class: 'stats-block', 'data-testid': testid},
    h('h3', null, title),
    lines.length ?
      h('table', {class: 'table stats-table'},
        h('thead', null, h('tr', null, h('th', null, firstHeader), SITE_COLUMNS.map(([, t]) => h('th', {class: 'num'}, t)))),
        h('tbody', null, lines.map((l) => h('tr', null, h('td', null, l.name),
          SITE_COLUMNS.map(([k]) => h('td', {class: k === 'overdue' && l[k] ? 'num overdue-text' : 'num'}, String(l[k]))))))) :
      h('p', {class: 'empty'}, '本期扫描没有发现问题。'));
}

// What site scans found in the period and how the units stand with it (整改).
function sitesPart(s) {
  if (!s) return null;
  return h('section', {class: 'stats-sites', 'data-testid': 'stats-sites'},
    h('h2', null, '网站扫描与整改'),
    h('div', {class: 'stat-figures'},
      figure('网站发现问题', s.total.found, 'stat-site-found'),
      figure('已整改', s.total.fixed, 'stat-site-fixed'),
      figure('逾期未整改', s.total.overdue, 'stat-site-overdue'),
      figure('改正错别字', s.typos_corrected, 'stat-site-typos'),
      figure('删除敏感词与问题链接', s.sensitive_removed, 'stat-site-sensitive')),
    lineChart({title: '按月趋势（网站问题）', testid: 'chart-months', labels: s.months.map((m) => m.month),
               series: [{label: '发现', color: '#c0392b', values: s.months.map((m) => m.found)},
                        {label: '已整改', color: '#27ae60', values: s.months.map((m) => m.fixed)}]}),
    siteTable('按单位', 'stats-site-units', s.units, '单位'),
    siteTable('按类别', 'stats-site-category', s.by_category, '类别'),
    siteTable('按严重程度', 'stats-site-severity', s.by_severity, '严重程度'),
    siteTable('按规则', 'stats-site-rule', s.by_rule, '规则'));
}

function figure(label, value, testid) {
  return h('div', {class: 'stat-figure', 'data-testid': testid},
    h('div', {class: 'stat-value'}, String(value)), h('div', {class: 'stat-label'}, label));
}

export async function renderStats(main, {query}) {
  const units = await api('GET', '/api/units');
  const values = {from: query.get('from') || '', to: query.get('to') || '', unit: query.get('unit') || ''};
  const box = h('div');
  const form = h('form', {class: 'filters'},
    h('label', {class: 'filter'}, '起始日期', h('input', {name: 'from', type: 'date', value: values.from})),
    h('label', {class: 'filter'}, '截止日期', h('input', {name: 'to', type: 'date', value: values.to})),
    h('label', {class: 'filter'}, '单位',
      h('select', {name: 'unit'}, h('option', {value: ''}, '全部'),
        units.items.map((u) => h('option', {value: String(u.id), selected: String(u.id) === values.unit}, u.name)))),
    h('button', {class: 'btn', type: 'submit'}, '统计'));
  async function load() {
    setQuery(values);
    try {
      const s = await api('GET', '/api/stats', {query: values});
      // The period the server counted (Beijing days, docs/api.md): without a chosen end,
      // today in Beijing, which is what the inputs then show.
      form.elements.from.value = s.from;
      form.elements.to.value = s.to;
      form.elements.from.max = s.to;
      form.elements.to.min = s.from;
      const csv = new URLSearchParams(Object.entries({from: s.from, to: s.to, unit: values.unit}).filter(([, v]) => v));
      replace(box,
        h('p', {class: 'muted', 'data-testid': 'stats-period'}, `统计期间：${s.from} 至 ${s.to}（北京时间，按稿件创建和问题首次发现的日期）`, ' ',
          h('a', {href: `/api/stats.csv?${csv}`, download: 'statistics.csv', class: 'btn btn-small', 'data-testid': 'stats-csv'}, '导出 CSV'), ' ',
          values.unit ? h('a', {href: `/report?${csv}`, class: 'btn btn-small', 'data-testid': 'stats-report'}, '整改报告（可打印）') : null),
        h('div', {class: 'stat-figures'},
          figure('提交稿件', s.drafts_created, 'stat-created'),
          figure('已发布', s.drafts_published, 'stat-published'),
          figure('发现问题', s.total.found, 'stat-found'),
          figure('改正错别字', s.typos_corrected, 'stat-typos'),
          figure('删除敏感内容与链接', s.sensitive_removed, 'stat-sensitive')),
        h('section', {class: 'stats-block', 'data-testid': 'stats-units'},
          h('h2', null, '按单位'),
          h('table', {class: 'table stats-table'},
            h('thead', null, h('tr', null, h('th', null, '单位'), h('th', {class: 'num'}, '提交稿件'),
              h('th', {class: 'num'}, '已发布'), COLUMNS.map(([, t]) => h('th', {class: 'num'}, t)))),
            h('tbody', null, s.units.map((u) => h('tr', null, h('td', null, u.unit.name),
              h('td', {class: 'num'}, String(u.drafts_created)),
              h('td', {class: 'num'}, String(u.drafts_published)), lineCells(u.findings)))))),
        breakdown('按类别', 'stats-category', s.by_category, '类别'),
        breakdown('按严重程度', 'stats-severity', s.by_severity, '严重程度'),
        breakdown('按规则', 'stats-rule', s.by_rule, '规则'),
        sitesPart(s.sites));
    } catch (e) {
      replace(box, notice('error', e.message));
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    Object.assign(values, {from: form.elements.from.value, to: form.elements.to.value,
                           unit: form.elements.unit.value});
    load();
  });
  replace(main, h('section', {class: 'panel'}, h('h1', null, '统计'), form, box));
  await load();
}
