// The reader site's small enhancements; every page works without them.
// htmx requests carry the CSRF token Django expects (the body's data-csrf-token).
document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
});
