// Pieces shared by the pages: badges, the drafts table, filters and the server-side pager.
import {h} from './dom.js';
import {CATEGORIES, SEVERITIES, STAGES, STATUSES, severityName} from './labels.js';
import {formatTime} from './dom.js';

export function stageBadge(draft) {
  return h('span', {class: `badge stage stage-${draft.stage}`}, draft.stage_name || draft.stage);
}

export function severityBadge(severity) {
  return h('span', {class: `badge sev sev-${severity}`}, severityName(severity));
}

// Open findings of the current version: "严重 1 · 重要 2", or "无问题".
export function openCounts(open) {
  const parts = SEVERITIES.filter(([s]) => open && open[s] > 0)
                    .map(([s, name]) => h('span', {class: `count sev-text-${s}`}, `${name} ${open[s]}`));
  return parts.length ? h('span', {class: 'counts'}, parts) : h('span', {class: 'muted'}, '无待处理问题');
}

export function draftTable(items, {empty = '没有稿件。', showReturned = false} = {}) {
  if (!items.length) return h('p', {class: 'empty'}, empty);
  return h('table', {class: 'table drafts'},
    h('thead', null, h('tr', null,
      h('th', null, '标题'), h('th', null, '单位'), h('th', null, '编辑'), h('th', null, '阶段'),
      h('th', null, '版本'), h('th', null, '待处理问题'), h('th', null, '更新时间'))),
    h('tbody', null, items.map((d) => h('tr', {'data-draft': d.id},
      h('td', {class: 'title-cell'},
        h('a', {href: `/drafts/${d.id}`}, d.title || `稿件 ${d.id}`),
        showReturned && d.returned ?
          h('div', {class: 'returned-inline'},
            `退回：${d.returned.comment}（${d.returned.by}，${formatTime(d.returned.at)}）`) : null),
      h('td', null, d.unit ? d.unit.name : ''),
      h('td', null, d.editor ? d.editor.display_name : ''),
      h('td', null, stageBadge(d), d.returned && d.stage === 'draft' ? h('span', {class: 'badge returned'}, '已退回') : null),
      h('td', {class: 'num'}, `第${d.version}版`),
      h('td', null, openCounts(d.open)),
      h('td', {class: 'nowrap'}, formatTime(d.updated_at))))));
}

function select(name, label, options, value, {all = '全部'} = {}) {
  return h('label', {class: 'filter'}, label,
    h('select', {name},
      h('option', {value: ''}, all),
      options.map(([id, text]) => h('option', {value: String(id), selected: String(id) === String(value ?? '')}, text))));
}

// Filters as a form; onChange(values) on every change. `which` picks the fields.
export function filterBar({units = [], values = {}, which, onChange}) {
  const fields = {
    unit: () => select('unit', '单位', units.map((u) => [u.id, u.name]), values.unit),
    stage: () => select('stage', '阶段', STAGES, values.stage),
    severity: () => select('severity', '严重程度', SEVERITIES, values.severity),
    category: () => select('category', '类别', CATEGORIES, values.category),
    status: () => select('status', '处理状态', STATUSES.filter(([s]) => s !== 'fixed'), values.status),
    q: () => h('label', {class: 'filter'}, '标题', h('input', {name: 'q', type: 'search', value: values.q || '', placeholder: '标题包含…'})),
  };
  const form = h('form', {class: 'filters'}, which.map((w) => fields[w]()));
  const emit = () => {
    const out = {};
    for (const w of which) out[w] = form.elements[w].value;
    onChange(out);
  };
  form.addEventListener('change', emit);
  form.addEventListener('submit', (ev) => { ev.preventDefault(); emit(); });
  return form;
}

export function pager({total, page, per_page: perPage}, onPage) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return h('div', {class: 'pager muted'}, `共 ${total} 条`);
  const btn = (p, text) => h('button', {type: 'button', class: 'btn btn-small', disabled: p < 1 || p > pages || p === page, onclick: () => onPage(p)}, text);
  return h('div', {class: 'pager'},
    btn(1, '首页'), btn(page - 1, '上一页'),
    h('span', {class: 'pager-pos'}, `第 ${page} / ${pages} 页，共 ${total} 条`),
    btn(page + 1, '下一页'), btn(pages, '末页'));
}

// The 导出 CSV button of a list: the export route with the list's filters (empty ones left out).
export function csvLink(path, values, filename, testid) {
  const params = new URLSearchParams(Object.entries(values).filter(([k, v]) => v !== '' && v !== undefined && v !== null && k !== 'page'));
  const qs = params.toString();
  return h('a', {href: qs ? `${path}?${qs}` : path, download: filename, class: 'btn btn-small csv-link', 'data-testid': testid}, '导出 CSV');
}

// Query-string state of a list page: read and write without reloading.
export function queryValues(query, keys) {
  const out = {};
  for (const k of keys) out[k] = query.get(k) || '';
  return out;
}
export function setQuery(values) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== '' && v !== undefined && v !== null && !(k === 'page' && Number(v) === 1)) params.set(k, v);
  const qs = params.toString();
  history.replaceState(null, '', location.pathname + (qs ? `?${qs}` : ''));
}
