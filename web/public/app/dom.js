// Building the page from DOM nodes. Every string goes in as a text node or an attribute value,
// never through an HTML parser: drafts are scanned content and may hold <script>, onerror= or
// javascript: links, which must show as text.

// h('a', {href: '/x', class: 'btn', onclick: fn}, 'text', childNode, [more], null)
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' || k === 'checked' || k === 'selected') {
      el[k] = v;
    } else if (k === 'href' && !isSafeHref(v)) {
      continue;  // only our own paths and http(s): never javascript: or data:
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function isSafeHref(v) {
  const s = String(v);
  if (s.startsWith('/') && !s.startsWith('//')) return true;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

// "2026-12-04T09:30:00Z" -> "2026-12-04 17:30" in the browser's time zone.
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
         `${p(d.getHours())}:${p(d.getMinutes())}`;
}

// A message line that replaces itself: info, error or success.
export function notice(kind, text) {
  return h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status'},
           text);
}

// A modal dialog (<dialog>) with a form; resolves with the form's values or null when cancelled.
// fields: [{name, label, type: 'text'|'password'|'textarea'|'checkbox', required, placeholder}]
export function askDialog({title, text, fields = [], confirm = '确定', danger = false}) {
  return new Promise((resolve) => {
    const inputs = {};
    const error = h('div', {class: 'dialog-error', role: 'alert'});
    const form = h('form', {method: 'dialog', class: 'dialog-form'},
      h('h2', null, title),
      text ? h('p', null, text) : null,
      fields.map((f) => {
        let input;
        if (f.type === 'textarea') {
          input = h('textarea', {name: f.name, rows: 4, placeholder: f.placeholder,
                                 maxlength: f.maxlength || 4000});
        } else {
          input = h('input', {name: f.name, type: f.type || 'text', placeholder: f.placeholder,
                              autocomplete: f.type === 'password' ? 'current-password' : 'off'});
        }
        inputs[f.name] = input;
        return f.type === 'checkbox' ? h('label', {class: 'check'}, input, ' ', f.label)
                                     : h('label', null, f.label, input);
      }),
      error,
      h('div', {class: 'dialog-buttons'},
        h('button', {type: 'button', class: 'btn', value: 'cancel', onclick: () => close(null)},
          '取消'),
        h('button', {type: 'submit', class: danger ? 'btn btn-danger' : 'btn btn-primary'},
          confirm)));
    const dialog = h('dialog', {class: 'dialog'}, form);
    function close(value) {
      dialog.close();
      dialog.remove();
      resolve(value);
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const values = {};
      for (const f of fields) {
        const input = inputs[f.name];
        values[f.name] = f.type === 'checkbox' ? input.checked : input.value.trim();
        if (f.required && !values[f.name]) {
          error.textContent = `请填写“${f.label}”。`;
          input.focus();
          return;
        }
      }
      close(values);
    });
    dialog.addEventListener('cancel', (ev) => { ev.preventDefault(); close(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
