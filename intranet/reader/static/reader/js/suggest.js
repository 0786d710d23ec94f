// The header's search suggestions (an ARIA 1.2 combobox with a listbox popup) and the report of which search
// result was opened. Without JavaScript the search form simply submits to /sok/ and results are plain links.
(() => {
  const DELAY_MS = 150;
  const MIN_LENGTH = 2;

  function setUpCombobox(form) {
    const input = form.querySelector('[role="combobox"]');
    const listbox = document.getElementById(input.getAttribute("aria-controls"));
    const url = form.dataset.suggestUrl;
    if (!input || !listbox || !url) return;
    // Screen readers hear how many suggestions came, as the pattern's examples do.
    const status = document.createElement("div");
    status.className = "ds-sr-only";
    status.setAttribute("role", "status");
    form.appendChild(status);

    let options = [];
    let active = -1;
    let timer = null;
    let controller = null;
    let lastQuery = "";

    function open() {
      if (!options.length) return close();
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      options.forEach((option) => option.setAttribute("aria-selected", "false"));
    }

    function highlight(index) {
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function render(suggestions) {
      listbox.replaceChildren();
      options = suggestions.map((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        option.textContent = suggestion.title;
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
        option.addEventListener("click", () => go(option));
        listbox.appendChild(option);
        return option;
      });
      active = -1;
      const announcement = listbox.dataset[options.length === 1 ? "countOne" : "countMany"] || "";
      status.textContent = options.length ? announcement.replace("{n}", String(options.length)) : "";
      if (options.length) open();
      else close();
    }

    function go(option) {
      close();
      window.location.assign(option.dataset.url);
    }

    async function fetchSuggestions(query) {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return render([]);
        const data = await response.json();
        if (input.value.trim() === query) render(data.suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") render([]);
      }
    }

    input.addEventListener("input", () => {
      const query = input.value.trim();
      clearTimeout(timer);
      if (query.length < MIN_LENGTH) {
        lastQuery = "";
        render([]);
        return;
      }
      if (query === lastQuery) return;
      lastQuery = query;
      timer = setTimeout(() => fetchSuggestions(query), DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      const expanded = input.getAttribute("aria-expanded") === "true";
      switch (event.key) {
        case "ArrowDown":
          if (!options.length) return;
          event.preventDefault();
          if (!expanded) open();
          highlight(active + 1);
          break;
        case "ArrowUp":
          if (!options.length) return;
          event.preventDefault();
          if (!expanded) open();
          highlight(active < 0 ? options.length - 1 : active - 1);
          break;
        case "Enter":
          // With a suggestion chosen, Enter opens it; otherwise the form submits to the search page.
          if (expanded && active >= 0) {
            event.preventDefault();
            go(options[active]);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            lastQuery = "";
            render([]);
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", () => close());
    input.addEventListener("focus", () => {
      if (options.length && input.value.trim().length >= MIN_LENGTH) open();
    });
  }

  // A result opened from /sok/ is reported to POST /api/v2/search/clicks/ (counted without saying who). The
  // link is followed whatever happens: keepalive lets the request outlive the page, and failures are ignored.
  function reportOpenedResult(event) {
    const link = event.target.closest("a[data-rank]");
    if (!link) return;
    const results = link.closest("[data-search-query]");
    if (!results) return;
    if (event.type === "auxclick" && event.button !== 1) return;
    const body = {
      query: results.dataset.searchQuery,
      rank: Number(link.dataset.rank),
      type: link.dataset.resultType,
      id: Number(link.dataset.resultId),
      url: link.getAttribute("href"),
    };
    try {
      fetch("/api/v2/search/clicks/", {
        method: "POST",
        keepalive: true,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": document.body.dataset.csrfToken },
        body: JSON.stringify(body),
      }).catch(() => {});
    } catch (error) {
      // Reporting is a nicety: never stand between the reader and the result.
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-suggest-url]").forEach(setUpCombobox);
    document.addEventListener("click", reportOpenedResult);
    document.addEventListener("auxclick", reportOpenedResult);
  });
})();
