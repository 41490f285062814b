// 站点 and 扫描 (admins): the configured sites, a form for a new one, start and stop a scan with
// its live progress, every scan with what it found new, still and fixed, and which unit owns
// which pages.
import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';
import {lineChart} from '../chart.js';

const STATES = {running: '扫描中', finished: '已完成', interrupted: '已中断', cancelled: '已停止', paused: '已暂停'};

function day(seconds) {
  if (!seconds) return '';
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

function siteForm(units, onSaved) {
  const error = h('div');
  const form = h('form', {class: 'site-form', 'data-testid': 'site-form'},
    h('label', null, '网站名称', h('input', {name: 'name', required: true})),
    h('label', null, '主管单位', h('select', {name: 'unit'}, units.map((u) => h('option', {value: String(u.id)}, u.name)))),
    h('label', null, '起始网址（每行一个）', h('textarea', {name: 'start_urls', rows: 2, required: true})),
    h('label', null, '扫描范围', h('select', {name: 'scope'},
      h('option', {value: 'host'}, '同一主机'), h('option', {value: 'domain'}, '同一域名'), h('option', {value: 'prefix'}, '起始网址之下'))),
    h('label', null, '排除路径（每行一个，以 / 开头）', h('textarea', {name: 'excluded_paths', rows: 2})),
    h('label', null, '每主机每秒请求数', h('input', {name: 'per_host_rate', type: 'number', min: '0', step: '0.1', value: '2'})),
    h('label', null, '页面上限', h('input', {name: 'max_pages', type: 'number', min: '0', value: '0'})),
    h('label', null, '定时（如 daily 02:30、weekly 1 02:30，留空为手动）', h('input', {name: 'schedule'})),
    error,
    h('button', {type: 'submit', class: 'btn btn-primary'}, '添加网站'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    try {
      await api('POST', '/api/sites', {json: {
        name: f.name.value.trim(), unit: Number(f.unit.value), start_urls: lines(f.start_urls.value),
        scope: f.scope.value, excluded_paths: lines(f.excluded_paths.value),
        per_host_rate: Number(f.per_host_rate.value) || 0, max_pages: Number(f.max_pages.value) || 0,
        schedule: f.schedule.value.trim()}});
      form.reset();
      replace(error);
      onSaved();
    } catch (e) {
      replace(error, notice('error', e.message));
    }
  });
  return form;
}

// After its last page a scan still writes its results and updates the 整改 ledger, for
// seconds on a big site: the line says which, with what is left, so that it is not taken
// for hung.
function phaseText(p) {
  if (!p.running || !p.phase || p.phase === 'crawling') return '';
  if (p.phase === 'writing') return `；${p.phase_name}（还有 ${p.unwritten} 页）`;
  if (p.phase === 'ledger') return `；${p.phase_name}（已处理 ${p.ledger_done} / ${p.ledger_total} 条）`;
  return `；${p.phase_name}`;
}

function progressLine(p) {
  if (!p || !p.scan) return h('span', {class: 'muted'}, '本次运行尚未扫描');
  const parts = [`已完成 ${p.pages_done} 页`, `队列 ${p.queued}`, `错误 ${p.errors}`, `发现问题 ${p.findings}`];
  return h('span', {class: p.running ? 'scan-progress running' : 'scan-progress', 'data-testid': 'scan-progress',
    'data-phase': p.running ? (p.phase || '') : ''},
    `${STATES[p.state] || p.state}：${parts.join('，')}${phaseText(p)}`, p.error ? `（${p.error}）` : '');
}

async function siteDetail(box, site, units, refresh) {
  const progress = h('div');
  const scans = h('div');
  const trend = h('div');
  const prefixes = h('div');
  const unitName = (id) => (units.find((u) => u.id === id) || {name: id}).name;
  let timer = null;
  async function poll() {
    if (!box.isConnected) return;
    try {
      const p = await api('GET', `/api/sites/${site.id}/progress`);
      replace(progress, progressLine(p));
      if (p.running) {
        timer = setTimeout(poll, 1000);
      } else if (timer !== null) {
        timer = null;
        await loadScans();
      }
    } catch (e) {
      replace(progress, notice('error', e.message));
    }
  }
  async function loadScans() {
    const list = await api('GET', `/api/sites/${site.id}/scans`);
    replace(scans, list.items.length ? h('table', {class: 'table', 'data-testid': 'scan-history'},
      h('thead', null, h('tr', null, ['扫描', '开始', '结束', '状态', '新发现', '仍存在', '已消除'].map((t) => h('th', null, t)))),
      h('tbody', null, list.items.map((s) => h('tr', null,
        h('td', null, `#${s.id}`), h('td', null, day(s.started_at)), h('td', null, day(s.finished_at)),
        h('td', null, STATES[s.state] || s.state),
        h('td', {class: 'num'}, h('a', {href: `/ledger?site=${site.id}`}, String(s.new))),
        h('td', {class: 'num'}, s.still), h('td', {class: 'num'}, s.fixed))))) : h('p', {class: 'empty'}, '还没有扫描记录。'));
    const order = [...list.items].reverse();  // oldest first
    replace(trend, order.length ? lineChart({title: '按扫描趋势', testid: 'chart-scans', labels: order.map((s) => `#${s.id}`),
      series: [{label: '新发现', color: '#c0392b', values: order.map((s) => s.new)},
               {label: '仍存在', color: '#d68910', values: order.map((s) => s.still)},
               {label: '已消除', color: '#27ae60', values: order.map((s) => s.fixed)}]}) : null);
  }
  async function loadPrefixes() {
    const list = await api('GET', `/api/sites/${site.id}/prefixes`);
    const input = h('input', {name: 'prefix', placeholder: '/zwgk/bm/jyj/', 'data-testid': 'prefix-input'});
    const unit = h('select', {name: 'unit', 'data-testid': 'prefix-unit'}, units.map((u) => h('option', {value: String(u.id)}, u.name)));
    const err = h('div');
    const add = h('form', {class: 'filters'}, h('label', {class: 'filter'}, '网址前缀', input),
      h('label', {class: 'filter'}, '责任单位', unit), h('button', {type: 'submit', class: 'btn btn-small', 'data-testid': 'prefix-add'}, '添加'), err);
    add.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api('POST', `/api/sites/${site.id}/prefixes`, {json: {prefix: input.value.trim(), unit: Number(unit.value)}});
        await loadPrefixes();
      } catch (e) {
        replace(err, notice('error', e.message));
      }
    });
    replace(prefixes, h('table', {class: 'table'},
      h('tbody', null, list.items.map((p) => h('tr', null, h('td', null, p.prefix), h('td', null, unitName(p.unit)),
        h('td', null, h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
          await api('POST', `/api/sites/${site.id}/prefixes/${p.id}/delete`);
          await loadPrefixes();
        }}, '删除')))))), add);
  }
  const start = h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'scan-start', onclick: async () => {
    try {
      await api('POST', `/api/sites/${site.id}/scan`);
      timer = -1;
      poll();
    } catch (e) {
      replace(progress, notice('error', e.message));
    }
  }}, '开始扫描');
  const stop = h('button', {type: 'button', class: 'btn', 'data-testid': 'scan-stop', onclick: async () => {
    try {
      await api('POST', `/api/sites/${site.id}/stop`);
    } catch (e) {
      replace(progress, notice('error', e.message));
    }
  }}, '停止');
  const pause = h('button', {type: 'button', class: 'btn', 'data-testid': 'scan-pause', title: '再点“开始扫描”即从暂停处继续本次扫描', onclick: async () => {
    try {
      await api('POST', `/api/sites/${site.id}/pause`);
    } catch (e) {
      replace(progress, notice('error', e.message));
    }
  }}, '暂停');
  replace(box, h('h2', null, site.name),
    h('p', {class: 'muted'}, `${site.start_urls.join('、')} · 主管单位 ${unitName(site.unit)} · ${site.schedule ? `定时 ${site.schedule}` : '手动扫描'}`),
    h('div', {class: 'actions'}, start, ' ', pause, ' ', stop), progress,
    h('div', {class: 'panel-head'}, h('h3', null, '扫描记录'),
      h('span', null,
        h('a', {href: `/api/sites/${site.id}/scans.csv`, download: `scans-${site.id}.csv`, class: 'btn btn-small csv-link', 'data-testid': 'scans-csv'}, '导出扫描记录 CSV'), ' ',
        h('a', {href: `/api/ledger.csv?site=${site.id}`, download: 'ledger.csv', class: 'btn btn-small csv-link', 'data-testid': 'site-findings-csv'}, '导出问题清单 CSV'))),
    scans, trend, h('h3', null, '页面归属（网址前缀 → 责任单位）'), prefixes);
  await Promise.all([loadScans(), loadPrefixes()]);
  const p = await api('GET', `/api/sites/${site.id}/progress`);
  replace(progress, progressLine(p));
  if (p.running) {
    timer = -1;
    poll();
  }
  void refresh;
}

export async function renderSites(main, {query}) {
  const units = (await api('GET', '/api/units')).items;
  const listBox = h('div');
  const detail = h('section', {class: 'panel'});
  async function load() {
    const sites = await api('GET', '/api/sites');
    replace(listBox, sites.items.length ? h('table', {class: 'table', 'data-testid': 'sites-table'},
      h('thead', null, h('tr', null, ['网站', '起始网址', '定时', '状态'].map((t) => h('th', null, t)))),
      h('tbody', null, sites.items.map((s) => h('tr', null,
        h('td', null, h('a', {href: `/sites?site=${s.id}`}, s.name)), h('td', null, s.start_urls.join(' ')),
        h('td', null, s.schedule || '手动'), h('td', null, s.scanning ? '扫描中' : '')))))
      : h('p', {class: 'empty'}, '还没有配置网站。'));
    const id = Number(query.get('site')) || (sites.items[0] && sites.items[0].id);
    const site = sites.items.find((s) => s.id === id);
    if (site) await siteDetail(detail, site, units, load);
  }
  replace(main, h('section', {class: 'panel'}, h('h1', null, '站点'), listBox),
    detail, h('section', {class: 'panel'}, h('h2', null, '添加网站'), siteForm(units, load)));
  await load();
}
