// Two versions' texts compared with jsdiff (npm `diff`, pinned in web/package-lock.json and
// loaded as /vendor/diff.min.js): lines first, then characters inside each changed pair of
// lines, since a Chinese sentence has no spaces to cut words at.
import {h} from '../dom.js';

const CONTEXT_LINES = 2;     // unchanged lines kept around each change
const TIMEOUT_MS = 3000;     // a huge rewrite falls back to showing both texts whole

// jsdiff keeps every character the two sides share, so a rewritten phrase comes out as confetti
// (手机13812345678 → 0571-88888888 keeps its stray 1s and 8s). An unchanged run shorter than
// MIN_SAME between two changes is folded into them, then each run of changes is shown as one
// deletion and one insertion (as diff-match-patch's semantic cleanup does).
const MIN_SAME = 3;
function coalesce(parts) {
  const out = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({removed: true, value: del});
    if (ins) out.push({added: true, value: ins});
    del = ins = '';
  };
  parts.forEach((p, i) => {
    const between = i > 0 && i < parts.length - 1;
    if (p.added) ins += p.value;
    else if (p.removed) del += p.value;
    else if (between && [...p.value].length < MIN_SAME) { del += p.value; ins += p.value; }
    else { flush(); out.push({value: p.value}); }
  });
  flush();
  return out;
}

export function renderDiff(oldText, newText) {
  const Diff = globalThis.Diff;
  if (!Diff) return h('p', {class: 'notice notice-error'}, '差异比较组件未能加载。');
  const parts = Diff.diffLines(oldText, newText, {timeout: TIMEOUT_MS});
  if (!parts) {
    return h('div', null, h('p', {class: 'notice notice-info'}, '两个版本差别过大，无法逐字比较。'),
             h('h3', null, '旧版本'), h('div', {class: 'diff-whole'}, oldText),
             h('h3', null, '新版本'), h('div', {class: 'diff-whole'}, newText));
  }
  let added = 0;
  let removed = 0;
  const out = h('div', {class: 'diff', 'data-testid': 'diff'});
  for (let i = 0; i < parts.length; ++i) {
    const p = parts[i];
    const next = parts[i + 1];
    if (p.removed && next && next.added) {
      // A changed passage: mark the characters that differ.
      const chars = coalesce(Diff.diffChars(p.value, next.value, {timeout: TIMEOUT_MS}) ||
                             [{removed: true, value: p.value}, {added: true, value: next.value}]);
      const block = h('div', {class: 'diff-block diff-changed'});
      for (const c of chars) {
        if (c.added) added += c.value.length;
        if (c.removed) removed += c.value.length;
        block.append(c.added ? h('ins', null, c.value) : c.removed ? h('del', null, c.value) : c.value);
      }
      out.append(block);
      ++i;
    } else if (p.added || p.removed) {
      if (p.added) added += p.value.length;
      else removed += p.value.length;
      out.append(h('div', {class: `diff-block ${p.added ? 'diff-added' : 'diff-removed'}`},
                   p.added ? h('ins', null, p.value) : h('del', null, p.value)));
    } else {
      const lines = p.value.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const first = i === 0;
      const last = i === parts.length - 1;
      const keepHead = first ? 0 : CONTEXT_LINES;
      const keepTail = last ? 0 : CONTEXT_LINES;
      if (lines.length > keepHead + keepTail + 1) {
        const head = lines.slice(0, keepHead);
        const tail = keepTail ? lines.slice(-keepTail) : [];
        if (head.length) out.append(h('div', {class: 'diff-block diff-same'}, head.join('\n') + '\n'));
        out.append(h('div', {class: 'diff-skip'}, `…… 省略 ${lines.length - head.length - tail.length} 行未改动 ……`));
        if (tail.length) out.append(h('div', {class: 'diff-block diff-same'}, tail.join('\n') + '\n'));
      } else {
        out.append(h('div', {class: 'diff-block diff-same'}, p.value));
      }
    }
  }
  const summary = added || removed ? `新增 ${added} 字，删除 ${removed} 字` : '两个版本的正文相同';
  return h('div', null, h('p', {class: 'diff-summary'}, summary), out);
}
