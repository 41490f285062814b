// 整改台账: the site findings assigned to units, per unit and one by one. Overdue entries stand
// out; the unit's users mark an entry fixed or not an error, reviewers confirm or reopen. Paged
// by key on the server ("更多"), so a ledger of millions stays quick.
import {api} from '../api.js';
import {askDialog, h, notice, replace} from '../dom.js';
import {CATEGORIES, SEVERITIES} from '../labels.js';
import {queryValues, setQuery, severityBadge} from '../widgets.js';

const LEDGER_STATUSES = [
  ['open', '待整改'], ['overdue', '已逾期'], ['reopened', '已退回'], ['fixed_claimed', '已整改待核'],
  ['not_error', '申报非错误'], ['confirmed', '已确认'], ['fixed', '已消除'],
];
const FILTERS = ['site', 'unit', 'status', 'severity', 'category', 'rule', 'from', 'to'];

function day(seconds) {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function select(name, label, options, value) {
  return h('label', {class: 'filter'}, label,
    h('select', {name}, h('option', {value: ''}, '全部'),
      options.map(([id, text]) => h('option', {value: String(id), selected: String(id) === String(value || '')}, text))));
}

function actions(e, user, reload) {
  const act = async (action, ask) => {
    let json = {};
    if (ask) {
      const v = await askDialog({title: ask, fields: [{name: 'reason', label: '理由', type: 'textarea', required: true}]});
      if (!v) return;
      json = {reason: v.reason};
    }
    try {
      await api('POST', `/api/ledger/${e.id}/${action}`, {json});
      await reload();
    } catch (err) {
      alert(err.message);
    }
  };
  const waiting = e.status === 'open' || e.status === 'reopened';
  const claimed = e.status === 'fixed_claimed' || e.status === 'not_error';
  const reviewer = user.role.startsWith('reviewer') || user.role === 'admin';
  const btn = (text, fn, testid) => h('button', {type: 'button', class: 'btn btn-small', 'data-testid': testid, onclick: fn}, text);
  return [
    waiting && (user.unit.id === e.unit.id || user.role === 'admin') ? btn('已整改', () => act('fixed'), 'ledger-fixed') : null,
    waiting && (user.unit.id === e.unit.id || user.role === 'admin') ? btn('不是错误', () => act('not-error', '说明不是错误的理由'), 'ledger-not-error') : null,
    claimed && reviewer ? btn('确认', () => act('confirm'), 'ledger-confirm') : null,
    !waiting && reviewer ? btn('退回', () => act('reopen', '退回整改的理由'), 'ledger-reopen') : null,
  ];
}

export async function renderLedger(main, {user, query}) {
  const units = await api('GET', '/api/units');
  const values = queryValues(query, FILTERS);
  const countsBox = h('div');
  const listBox = h('div');
  const ruleInput = h('input', {name: 'rule', type: 'search', value: values.rule, placeholder: '规则编号'});
  const form = h('form', {class: 'filters'},
    select('unit', '单位', units.items.map((u) => [u.id, u.name]), values.unit),
    select('status', '整改状态', LEDGER_STATUSES, values.status),
    select('severity', '严重程度', SEVERITIES, values.severity),
    select('category', '类别', CATEGORIES, values.category),
    h('label', {class: 'filter'}, '规则', ruleInput),
    h('label', {class: 'filter'}, '分派自', h('input', {name: 'from', type: 'date', value: values.from})),
    h('label', {class: 'filter'}, '至', h('input', {name: 'to', type: 'date', value: values.to})));
  const emit = () => {
    for (const k of ['unit', 'status', 'severity', 'category', 'rule', 'from', 'to']) values[k] = form.elements[k].value;
    load();
  };
  form.addEventListener('change', emit);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); emit(); });

  function row(e) {
    return h('tr', {class: e.overdue ? 'ledger-row overdue' : 'ledger-row', 'data-entry': e.id, 'data-status': e.status},
      h('td', null, severityBadge(e.severity)),
      h('td', null, e.category_name || e.category),
      h('td', {class: 'f-text'}, e.text),
      h('td', {class: 'f-message'}, e.message, h('div', {class: 'muted'}, e.rule)),
      h('td', {class: 'source-cell'}, h('div', {class: 'muted ledger-site'}, e.site.name),
        h('a', {href: `/sites/${e.site.id}/page?url=${encodeURIComponent(e.source)}`, 'data-testid': 'ledger-page'}, e.source)),
      h('td', {class: 'ledger-unit'}, e.unit.name),
      h('td', null, h('span', {class: `badge ledger-${e.status}`}, e.status_name),
        e.flagged ? h('span', {class: 'badge flagged', title: '单位申报已整改，复扫仍发现'}, '复扫仍在') : null,
        e.reason ? h('div', {class: 'muted'}, e.reason) : null),
      h('td', {class: e.overdue ? 'nowrap overdue-text' : 'nowrap'}, day(e.deadline), e.overdue ? h('div', null, '已逾期') : null),
      h('td', {class: 'nowrap'}, actions(e, user, load)));
  }

  async function load() {
    setQuery(values);
    const q = {...values};
    try {
      const counts = await api('GET', '/api/ledger/units', {query: {site: q.site, from: q.from, to: q.to}});
      replace(countsBox, h('table', {class: 'table ledger-units', 'data-testid': 'ledger-units'},
        h('thead', null, h('tr', null, ['单位', '待整改', '已逾期', '复扫仍在', '待核', '已整改', '非错误', '合计'].map((t) => h('th', null, t)))),
        h('tbody', null, counts.items.map((c) => h('tr', null,
          h('td', null, c.unit.name), h('td', {class: 'num'}, c.waiting),
          h('td', {class: c.overdue ? 'num overdue-text' : 'num'}, c.overdue),
          h('td', {class: 'num'}, c.flagged), h('td', {class: 'num'}, c.claimed),
          h('td', {class: 'num'}, c.fixed), h('td', {class: 'num'}, c.not_error),
          h('td', {class: 'num'}, c.total))))));
      const tbody = h('tbody');
      const more = h('div', {class: 'pager'});
      const table = h('table', {class: 'table ledger-table', 'data-testid': 'ledger-table'},
        h('thead', null, h('tr', null, ['严重程度', '类别', '原文', '说明', '网站与页面', '责任单位', '状态', '整改期限', '操作'].map((t) => h('th', null, t)))),
        tbody);
      const page = async (after) => {
        const list = await api('GET', '/api/ledger', {query: {...q, per_page: 100, after}});
        tbody.append(...list.items.map(row));
        const csv = new URLSearchParams(Object.entries(q).filter(([, v]) => v));
        replace(more, h('span', {class: 'muted'}, `共 ${list.total} 条`), ' ',
          h('a', {href: `/api/ledger.csv?${csv}`, download: 'ledger.csv', class: 'btn btn-small'}, '导出 CSV'), ' ',
          list.next ? h('button', {type: 'button', class: 'btn btn-small', onclick: () => page(list.next)}, '更多') : null);
        return list;
      };
      const first = await page('');
      replace(listBox, first.total ? table : h('p', {class: 'empty'}, '没有符合条件的整改条目。'), more);
    } catch (e) {
      replace(listBox, notice('error', e.message));
    }
  }
  replace(main, h('section', {class: 'panel'}, h('h1', null, '整改台账'), countsBox),
    h('section', {class: 'panel'}, form, listBox));
  await load();
}
