/**
 * The ribbon's message dialog (dialog.html, opened with Office.context.ui.displayDialogAsync by src/commands):
 * shows the message from the query string as text (never as HTML) in the display language, and asks the parent to
 * close it. Outside a dialog (no messageParent) the button closes the window.
 */
function text(params: URLSearchParams) {
  const lang = params.get("lang") === "en" ? "en" : "ja";
  const message = params.get(lang) || params.get(lang === "ja" ? "en" : "ja") || "";
  return {
    lang,
    message,
    title: lang === "ja" ? "PHR チェック" : "PHR check",
    close: lang === "ja" ? "閉じる" : "Close",
    warning: params.get("intent") === "warning",
  };
}

function render(): void {
  const t = text(new URLSearchParams(window.location.search));
  document.documentElement.lang = t.lang;
  document.title = t.title;
  if (t.warning) document.body.classList.add("warning");
  const set = (id: string, s: string) => {
    const el = document.getElementById(id);
    if (el) el.textContent = s;
  };
  set("title", t.title);
  set("message", t.message);
  set("close", t.close);
  document.getElementById("close")?.addEventListener("click", () => {
    const ui = typeof Office !== "undefined" ? Office.context?.ui : undefined;
    if (ui && typeof ui.messageParent === "function") ui.messageParent("close");
    else window.close();
  });
}

render();
if (typeof Office !== "undefined") void Office.onReady();
