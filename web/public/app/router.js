// History navigation without a reload; main.js registers the function that draws the page.
let renderPage = () => {};

export function setRenderer(fn) { renderPage = fn; }

export function navigate(path, {replace = false} = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  renderPage();
}
