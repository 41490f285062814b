// Where a draft's text comes from: pasted text, an .html/.docx/.txt file, or a staging URL.
// Used for a new draft and for a new version of one (docs/api.md, POST /api/drafts).
import {h, replace} from '../dom.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const EXTENSIONS = ['.txt', '.html', '.htm', '.docx'];

// Returns {element, read()} where read() resolves to {json} or {bytes, query} for api(), or
// throws an Error with a message for the user.
export function sourcePicker() {
  let mode = 'paste';
  const text = h('textarea', {name: 'text', rows: 14, placeholder: '将稿件正文粘贴到这里…'});
  const file = h('input', {name: 'file', type: 'file', accept: EXTENSIONS.join(',')});
  const url = h('input', {name: 'url', type: 'url', placeholder: 'http://staging.example.gov.cn/…'});
  const panes = {
    paste: h('div', {class: 'source-pane'}, text),
    file: h('div', {class: 'source-pane'}, file,
            h('p', {class: 'muted'}, '支持 .docx、.html、.htm、.txt，不超过 10 MB。')),
    url: h('div', {class: 'source-pane'}, url,
           h('p', {class: 'muted'}, '只能读取已配置的预发布网站上的页面。')),
  };
  const body = h('div');
  const tabs = h('div', {class: 'segmented', role: 'tablist'},
    [['paste', '粘贴文本'], ['file', '上传文件'], ['url', '预发布网址']].map(([m, label]) =>
      h('button', {type: 'button', role: 'tab', 'data-mode': m,
                   class: m === mode ? 'seg active' : 'seg', onclick: () => show(m)}, label)));
  function show(m) {
    mode = m;
    for (const b of tabs.children) b.classList.toggle('active', b.dataset.mode === m);
    replace(body, panes[m]);
  }
  show(mode);
  return {
    element: h('div', {class: 'source-picker'}, tabs, body),
    get mode() { return mode; },
    async read() {
      if (mode === 'paste') {
        if (!text.value.trim()) throw new Error('请粘贴稿件正文。');
        return {json: {text: text.value}};
      }
      if (mode === 'url') {
        if (!url.value.trim()) throw new Error('请填写预发布网址。');
        return {json: {url: url.value.trim()}};
      }
      const f = file.files[0];
      if (!f) throw new Error('请选择要上传的文件。');
      const lower = f.name.toLowerCase();
      if (!EXTENSIONS.some((e) => lower.endsWith(e))) {
        throw new Error(`不支持的文件类型：${f.name}（支持 .docx、.html、.htm、.txt）。`);
      }
      if (f.size > MAX_FILE_BYTES) {
        throw new Error(`文件过大：${f.name} 为 ${(f.size / 1048576).toFixed(1)} MB，上限 10 MB。`);
      }
      return {bytes: await f.arrayBuffer(), query: {filename: f.name}};
    },
    fileName() { return mode === 'file' && file.files[0] ? file.files[0].name : ''; },
  };
}
