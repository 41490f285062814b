// A new draft: title, where its text comes from, and whether it goes to 初审 at once.
import {api} from '../api.js';
import {h, notice, replace} from '../dom.js';
import {navigate} from '../router.js';
import {sourcePicker} from './source.js';

export function renderSubmit(main, {user}) {
  if (user.role !== 'editor') {
    replace(main, notice('error', '只有编辑可以提交稿件。'));
    return;
  }
  const title = h('input', {name: 'title', maxlength: 200, placeholder: '例如：关于开展2026年度安全生产检查的通知'});
  const submitNow = h('input', {type: 'checkbox', name: 'submit', checked: true});
  const picker = sourcePicker();
  const message = h('div');
  const button = h('button', {type: 'submit', class: 'btn btn-primary'}, '检查并保存');
  const form = h('form', {class: 'panel submit-form'},
    h('h1', null, '提交稿件'),
    h('label', null, '标题', title),
    picker.element,
    h('label', {class: 'check'}, submitNow, ' 保存后立即提交初审'),
    message,
    h('div', {class: 'form-buttons'}, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(message);
    let t = title.value.trim();
    if (!t && picker.fileName()) t = picker.fileName().replace(/\.[^.]+$/, '');
    if (!t) {
      replace(message, notice('error', '请填写标题。'));
      title.focus();
      return;
    }
    button.disabled = true;
    button.textContent = '正在检查…';
    try {
      const src = await picker.read();
      let draft;
      if (src.json) {
        draft = await api('POST', '/api/drafts', {json: {...src.json, title: t, submit: submitNow.checked}});
      } else {
        draft = await api('POST', '/api/drafts', {bytes: src.bytes, query: {...src.query, title: t, submit: submitNow.checked ? 1 : 0}});
      }
      navigate(`/drafts/${draft.id}`);
    } catch (e) {
      replace(message, notice('error', e.message));
    } finally {
      button.disabled = false;
      button.textContent = '检查并保存';
    }
  });
  replace(main, form);
}
