import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';

export function renderLogin(root, {onLogin}) {
  const message = h('div', {class: 'login-message'});
  if (new URLSearchParams(location.search).get('expired')) {
    message.append(notice('info', '登录已过期，请重新登录。'));
  }
  const username = h('input', {name: 'username', autocomplete: 'username', required: true,
                               autofocus: true});
  const password = h('input', {name: 'password', type: 'password',
                               autocomplete: 'current-password', required: true});
  const button = h('button', {type: 'submit', class: 'btn btn-primary btn-wide'}, '登录');
  const form = h('form', {class: 'login-form'},
    h('h1', null, '错敏审校平台'),
    h('p', {class: 'muted'}, '政府网站内容发布前审校：错别字、严重表述错误、敏感信息与三审签署'),
    h('label', null, '用户名', username),
    h('label', null, '密码', password),
    message, button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    replace(message);
    try {
      const result = await api('POST', '/api/login',
                               {json: {username: username.value.trim(), password: password.value}});
      onLogin(result);
    } catch (e) {
      let text = e.message;
      if (e.status === 429 && e.retryAfter) {
        text += `（请在 ${Math.ceil(e.retryAfter / 60)} 分钟后重试）`;
      }
      replace(message, notice('error', text));
      password.value = '';
      password.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(root, h('div', {class: 'login-page'}, form));
}
