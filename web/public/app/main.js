// The dashboard's shell: who is logged in, the top bar, and a router over history paths (the
// server answers every non-API path without a dot with index.html).
import {api, ApiError, setCsrfToken, setUnauthenticatedHandler} from './api.js';
import {h, notice, replace} from './dom.js';
import {roleName} from './labels.js';
import {navigate, setRenderer} from './router.js';
import {renderLogin} from './pages/login.js';
import {renderHome} from './pages/home.js';
import {renderDraft} from './pages/draft.js';
import {renderSubmit} from './pages/submit.js';
import {renderFindings} from './pages/findings.js';
import {renderStats} from './pages/stats.js';
import {renderAudit} from './pages/audit.js';
import {renderAdmin} from './pages/admin.js';
import {renderLedger} from './pages/ledger.js';
import {renderSites} from './pages/sites.js';
import {renderScannedPage} from './pages/scanned_page.js';
import {renderReport} from './pages/report.js';

const app = document.getElementById('app');
const state = {user: null};

const routes = [
  [/^\/$/, renderHome],
  [/^\/drafts\/new$/, renderSubmit],
  [/^\/drafts\/(\d+)$/, renderDraft],
  [/^\/findings$/, renderFindings],
  [/^\/stats$/, renderStats],
  [/^\/audit$/, renderAudit, 'admin'],
  [/^\/admin$/, renderAdmin, 'admin'],
  [/^\/ledger$/, renderLedger],
  [/^\/sites$/, renderSites, 'admin'],
  [/^\/sites\/(\d+)\/page$/, renderScannedPage],
  [/^\/report$/, renderReport],
];


function topBar(user) {
  const link = (href, text) =>
    h('a', {href, class: location.pathname === href ? 'nav-link active' : 'nav-link'}, text);
  return h('header', {class: 'topbar'},
    h('a', {href: '/', class: 'brand'}, '错敏审校'),
    h('nav', null,
      link('/', '首页'),
      link('/findings', '问题清单'),
      link('/stats', '统计'),
      link('/ledger', '整改台账'),
      user.role === 'admin' ? link('/sites', '站点') : null,
      user.role === 'editor' ? link('/drafts/new', '提交稿件') : null,
      user.role === 'admin' ? link('/audit', '审计日志') : null,
      user.role === 'admin' ? link('/admin', '用户与单位') : null),
    h('div', {class: 'whoami'},
      h('span', {class: 'who', 'data-testid': 'whoami'},
        `${user.display_name || user.username}（${user.unit ? user.unit.name : ''} · ` +
        `${roleName(user.role)}）`),
      h('button', {class: 'btn btn-small', type: 'button', onclick: logout}, '退出')));
}

async function logout() {
  try {
    await api('POST', '/api/logout');
  } catch {
    // Logged out on our side either way.
  }
  state.user = null;
  setCsrfToken('');
  navigate('/login');
}

async function loadMe() {
  try {
    const me = await api('GET', '/api/me');
    state.user = me.user;
    setCsrfToken(me.csrf_token);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    state.user = null;
  }
}

async function render() {
  const path = location.pathname;
  if (path === '/login') {
    renderLogin(app, {
      onLogin(result) {
        state.user = result.user;
        setCsrfToken(result.csrf_token);
        const next = new URLSearchParams(location.search).get('next');
        navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/',
                 {replace: true});
      },
    });
    return;
  }
  if (!state.user) {
    try {
      await loadMe();
    } catch (e) {
      replace(app, notice('error', e.message));
      return;
    }
    if (!state.user) {
      navigate(`/login?next=${encodeURIComponent(path + location.search)}`, {replace: true});
      return;
    }
  }
  const main = h('main', {class: 'page'});
  replace(app, topBar(state.user), main);
  for (const [re, page, role] of routes) {
    const m = path.match(re);
    if (!m) continue;
    if (role && state.user.role !== role) break;
    try {
      await page(main, {user: state.user, params: m.slice(1), query: new URLSearchParams(location.search)});
    } catch (e) {
      main.append(notice('error', e.message || String(e)));
    }
    return;
  }
  main.append(h('h1', null, '页面不存在'), h('p', null, h('a', {href: '/'}, '返回首页')));
}

// Same-origin links navigate inside the app; downloads and new tabs keep the browser's way.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) {
    return;
  }
  if (a.hasAttribute('download') || a.target === '_blank') return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  ev.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', render);
setRenderer(render);
setUnauthenticatedHandler(() => {
  state.user = null;
  if (location.pathname !== '/login') {
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`,
             {replace: true});
  }
});
render();
