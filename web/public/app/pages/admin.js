// Users, units and API tokens (admins).
import {api} from '../api.js';
import {formatTime, h, notice, replace} from '../dom.js';
import {ROLES, roleName} from '../labels.js';
import {csvLink} from '../widgets.js';

export async function renderAdmin(main) {
  const message = h('div');
  const [units, users, tokens] = await Promise.all([
    api('GET', '/api/units'), api('GET', '/api/users'), api('GET', '/api/tokens')]);
  const unitName = new Map(units.items.map((u) => [u.id, u.name]));
  const act = async (fn, done) => {
    replace(message);
    try {
      const r = await fn();
      if (done) done(r);
      else await renderAdmin(main);
    } catch (e) {
      replace(message, notice('error', e.message));
    }
  };
  // A changed role keeps the user's earlier signatures: the server still refuses a second stage.
  const roleSelect = (u) => {
    const select = h('select', {name: 'role', 'data-user': u.username, 'aria-label': `${u.display_name}的角色`},
      ROLES.map(([r, n]) => h('option', {value: r, selected: r === u.role}, n)));
    select.addEventListener('change', () => act(() => api('POST', `/api/users/${u.id}/role`, {json: {role: select.value}}),
      () => replace(message, notice('success', `已将 ${u.display_name} 的角色改为${roleName(select.value)}。`))));
    return select;
  };
  const unitSelect = () => h('select', {name: 'unit'}, units.items.map((u) => h('option', {value: String(u.id)}, u.name)));

  const userForm = h('form', {class: 'inline-form'},
    h('input', {name: 'username', placeholder: '用户名', required: true}),
    h('input', {name: 'display_name', placeholder: '姓名', required: true}),
    unitSelect(),
    h('select', {name: 'role'}, ROLES.map(([r, n]) => h('option', {value: r}, n))),
    h('input', {name: 'password', type: 'password', placeholder: '初始密码', autocomplete: 'new-password', required: true}),
    h('button', {type: 'submit', class: 'btn btn-primary btn-small'}, '添加用户'));
  userForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = userForm.elements;
    act(() => api('POST', '/api/users', {json: {username: f.username.value.trim(), display_name: f.display_name.value.trim(),
      unit: Number(f.unit.value), role: f.role.value, password: f.password.value}}));
  });
  const unitForm = h('form', {class: 'inline-form'},
    h('input', {name: 'name', placeholder: '单位名称，如 某某镇', required: true}),
    h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'oversees_all'}), ' 可审核所有单位（市政府办公室）'),
    h('button', {type: 'submit', class: 'btn btn-small'}, '添加单位'));
  unitForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(() => api('POST', '/api/units', {json: {name: unitForm.elements.name.value.trim(), oversees_all: unitForm.elements.oversees_all.checked}}));
  });
  const tokenBox = h('div');
  const tokenForm = h('form', {class: 'inline-form'},
    h('input', {name: 'name', placeholder: '用途，如 CMS', required: true}), unitSelect(),
    h('button', {type: 'submit', class: 'btn btn-small'}, '创建令牌'));
  tokenForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(() => api('POST', '/api/tokens', {json: {name: tokenForm.elements.name.value.trim(), unit: Number(tokenForm.elements.unit.value)}}),
        (r) => replace(tokenBox, notice('success', '令牌只显示这一次，请立即复制保存：'), h('code', {class: 'token'}, r.token)));
  });

  replace(main, message,
    h('section', {class: 'panel'}, h('div', {class: 'panel-head'}, h('h1', null, '用户'),
      csvLink('/api/users.csv', {}, 'users.csv', 'users-csv')), userForm,
      h('table', {class: 'table'},
        h('thead', null, h('tr', null, ['用户名', '姓名', '单位', '角色', '状态', ''].map((t) => h('th', null, t)))),
        h('tbody', null, users.items.map((u) => h('tr', null,
          h('td', null, u.username), h('td', null, u.display_name), h('td', null, u.unit ? u.unit.name : ''),
          h('td', null, u.disabled ? roleName(u.role) : roleSelect(u)), h('td', null, u.disabled ? '已停用' : '正常'),
          h('td', null, u.disabled ? null : h('button', {type: 'button', class: 'btn btn-small btn-danger',
            onclick: () => act(() => api('POST', `/api/users/${u.id}/disable`, {json: {}}))}, '停用'))))))),
    h('section', {class: 'panel'}, h('h2', null, '单位'), unitForm,
      h('ul', null, units.items.map((u) => h('li', null, u.name, u.oversees_all ? '（可审核所有单位）' : '')))),
    h('section', {class: 'panel'}, h('div', {class: 'panel-head'}, h('h2', null, 'API 令牌'),
      csvLink('/api/tokens.csv', {}, 'tokens.csv', 'tokens-csv')), tokenForm, tokenBox,
      h('table', {class: 'table'},
        h('thead', null, h('tr', null, ['用途', '单位', '创建时间', '状态', ''].map((t) => h('th', null, t)))),
        h('tbody', null, tokens.items.map((t) => h('tr', null,
          h('td', null, t.name), h('td', null, unitName.get(t.unit) || (t.unit && t.unit.name) || ''),
          h('td', null, formatTime(t.created_at)), h('td', null, t.revoked ? '已吊销' : '有效'),
          h('td', null, t.revoked ? null : h('button', {type: 'button', class: 'btn btn-small btn-danger',
            onclick: () => act(() => api('POST', `/api/tokens/${t.id}/revoke`, {json: {}}))}, '吊销'))))))));
}
