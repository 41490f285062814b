// The home page: what waits for me (a reviewer's stage, an editor's drafts), drafts sent back
// with the reason on top for editors, and every draft I may see, filtered and paged.
import {api} from '../api.js';
import {formatTime, h, notice, replace} from '../dom.js';
import {stageName} from '../labels.js';
import {csvLink, draftTable, filterBar, pager, queryValues, setQuery} from '../widgets.js';

const FILTERS = ['unit', 'stage', 'severity', 'category', 'q'];

export async function renderHome(main, {user, query}) {
  const [home, units] = await Promise.all([api('GET', '/api/home'), api('GET', '/api/units')]);
  const returnedBox = home.returned && home.returned.length ?
    h('section', {class: 'panel returned-panel', 'data-testid': 'returned'},
      h('h2', null, `被退回的稿件（${home.returned.length}）`),
      h('ul', {class: 'returned-list'}, home.returned.map((d) => h('li', null,
        h('a', {href: `/drafts/${d.id}`, class: 'returned-title'}, d.title),
        h('div', {class: 'returned-reason'},
          h('strong', null, '退回原因：'), d.returned ? d.returned.comment : '',
          h('span', {class: 'muted'}, d.returned ?
            ` —— ${d.returned.by}，${formatTime(d.returned.at)}` : '')))))) : null;

  const waitingTitle = user.role === 'editor' ? '待我处理的稿件' :
    user.role.startsWith('reviewer') ? `待我${stageName('review' + user.role.slice(-1))}的稿件` :
    '待处理稿件';
  const waiting = h('section', {class: 'panel', 'data-testid': 'waiting'},
    h('h2', null, `${waitingTitle}（${home.waiting_total ?? home.waiting.length}）`),
    draftTable(home.waiting, {empty: '目前没有等待您处理的稿件。'}));

  const listBox = h('div');
  const values = {...queryValues(query, FILTERS), page: Number(query.get('page')) || 1};
  async function loadList() {
    setQuery(values);
    try {
      const list = await api('GET', '/api/drafts', {query: {...values, per_page: 50}});
      replace(listBox, draftTable(list.items, {empty: '没有符合条件的稿件。', showReturned: true}),
              h('div', {class: 'list-foot'}, pager(list, (p) => { values.page = p; loadList(); }),
                csvLink('/api/drafts.csv', values, 'drafts.csv', 'drafts-csv')));
    } catch (e) {
      replace(listBox, notice('error', e.message));
    }
  }
  const all = h('section', {class: 'panel'},
    h('div', {class: 'panel-head'}, h('h2', null, '全部稿件'),
      user.role === 'editor' ? h('a', {href: '/drafts/new', class: 'btn btn-primary'}, '提交新稿件') : null),
    filterBar({units: units.items, values, which: FILTERS,
               onChange(v) { Object.assign(values, v, {page: 1}); loadList(); }}),
    listBox);
  replace(main, returnedBox, waiting, all);
  await loadList();
}
