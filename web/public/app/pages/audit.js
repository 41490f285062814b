// The audit log (admins): newest first, paged on the server, CSV export and a check of the
// hash chain.
import {api} from '../api.js';
import {formatTime, h, notice, replace} from '../dom.js';
import {actionName} from '../labels.js';
import {pager} from '../widgets.js';

export async function renderAudit(main) {
  const values = {user: '', action: '', page: 1};
  const listBox = h('div');
  const verifyBox = h('div');
  async function load() {
    try {
      const list = await api('GET', '/api/audit', {query: {...values, per_page: 100}});
      replace(listBox,
        h('table', {class: 'table audit', 'data-testid': 'audit'},
          h('thead', null, h('tr', null, ['序号', '时间', '用户', '操作', '对象', '详情', '来源地址'].map((t) => h('th', null, t)))),
          h('tbody', null, list.items.map((e) => h('tr', null,
            h('td', {class: 'num'}, String(e.seq)), h('td', {class: 'nowrap'}, formatTime(e.at)),
            h('td', null, e.user || ''), h('td', {title: e.action, 'data-action': e.action}, actionName(e.action)), h('td', null, e.object || ''),
            h('td', {class: 'detail'}, e.detail || ''), h('td', null, e.address || ''))))),
        pager(list, (p) => { values.page = p; load(); }));
    } catch (e) {
      replace(listBox, notice('error', e.message));
    }
  }
  const user = h('input', {name: 'user', type: 'search', placeholder: '用户名'});
  const action = h('input', {name: 'action', type: 'search', placeholder: '操作，如 sign'});
  const filters = h('form', {class: 'filters'}, h('label', {class: 'filter'}, '用户', user),
    h('label', {class: 'filter'}, '操作', action), h('button', {type: 'submit', class: 'btn btn-small'}, '筛选'));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    Object.assign(values, {user: user.value.trim(), action: action.value.trim(), page: 1});
    load();
  });
  const verify = h('button', {type: 'button', class: 'btn', onclick: async () => {
    try {
      const r = await api('GET', '/api/audit/verify');
      replace(verifyBox, r.ok ? notice('success', `日志链完整：共 ${r.entries} 条，未发现篡改或删除。`) :
        notice('error', `日志链在第 ${r.first_bad} 条处断开：${r.message || ''}`));
    } catch (e) {
      replace(verifyBox, notice('error', e.message));
    }
  }}, '校验日志链');
  replace(main, h('section', {class: 'panel'},
    h('div', {class: 'panel-head'}, h('h1', null, '审计日志'),
      h('div', {class: 'buttons'}, verify, h('a', {href: '/api/audit.csv', download: 'cuomin-audit.csv', class: 'btn'}, '导出 CSV'))),
    verifyBox, filters, listBox));
  await load();
}
