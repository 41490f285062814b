// Findings across every draft I may see (current versions only), filtered and paged on the
// server: a list of 10,000 stays quick.
import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';
import {statusName} from '../labels.js';
import {csvLink, filterBar, pager, queryValues, setQuery, severityBadge} from '../widgets.js';

const FILTERS = ['unit', 'stage', 'severity', 'category', 'status'];

export async function renderFindings(main, {query}) {
  const units = await api('GET', '/api/units');
  const values = {...queryValues(query, FILTERS), page: Number(query.get('page')) || 1};
  if (!query.has('status')) values.status = 'open';
  const listBox = h('div');
  async function load() {
    setQuery(values);
    try {
      const list = await api('GET', '/api/findings', {query: {...values, per_page: 100}});
      replace(listBox,
        list.items.length ? h('table', {class: 'table findings-table', 'data-testid': 'findings-table'},
          h('thead', null, h('tr', null, ['严重程度', '类别', '原文', '建议', '说明', '稿件', '单位', '状态'].map((t) => h('th', null, t)))),
          h('tbody', null, list.items.map((f) => h('tr', null,
            h('td', null, severityBadge(f.severity)),
            h('td', null, f.category_name || f.category),
            h('td', {class: 'f-text'}, f.text),
            h('td', null, f.suggestion || ''),
            h('td', {class: 'f-message'}, f.message),
            h('td', null, f.draft ? h('a', {href: `/drafts/${f.draft.id}?finding=${f.id}`}, f.draft.title) : ''),
            h('td', {class: 'f-unit'}, f.draft && f.draft.unit ? f.draft.unit.name : ''),
            h('td', null, statusName(f.status)))))) : h('p', {class: 'empty'}, '没有符合条件的问题。'),
        h('div', {class: 'list-foot'}, pager(list, (p) => { values.page = p; load(); }),
          csvLink('/api/findings.csv', values, 'findings.csv', 'findings-csv')));
    } catch (e) {
      replace(listBox, notice('error', e.message));
    }
  }
  replace(main, h('section', {class: 'panel'}, h('h1', null, '问题清单'),
    filterBar({units: units.items, values, which: FILTERS,
               onChange(v) { Object.assign(values, v, {page: 1}); load(); }}),
    listBox));
  await load();
}
