// Wagtail's rich-text editor (Draftail) draws its text box as a contenteditable with role="textbox" but gives it
// no accessible name: the field's <label for> points to a hidden input that screen readers never reach (axe:
// aria-input-field-name). Each such box is named by its field's label; StreamField blocks added later are
// named as they appear.
(() => {
  function labelFor(textbox) {
    // A field's label points at the hidden input Draftail keeps its value in; a StructBlock child's label sits
    // beside its field, unattached; a StreamField block's text box is named by its block's type ("Text").
    const input = textbox.closest(".w-field__input")?.querySelector("input[type=hidden][id]");
    const panel = textbox.closest("section, [data-panel]");
    return (
      (input && document.querySelector(`label[for="${CSS.escape(input.id)}"]`)) ||
      textbox.closest("[data-contentpath]")?.querySelector(":scope > .w-field__label") ||
      panel?.querySelector(".c-sf-block__type") ||
      panel?.querySelector("[data-panel-heading-text]")
    );
  }

  function name(root) {
    root.querySelectorAll('.Draftail-Editor [role="textbox"]').forEach((textbox) => {
      if (textbox.hasAttribute("aria-label") || textbox.hasAttribute("aria-labelledby")) return;
      const label = labelFor(textbox);
      if (!label) return;
      if (!label.id) label.id = `rich-text-label-${Math.random().toString(36).slice(2, 10)}`;
      textbox.setAttribute("aria-labelledby", label.id);
    });
  }

  function start() {
    name(document);
    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        name(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
