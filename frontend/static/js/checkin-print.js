// Badges: a Print button (inline handlers are not allowed by the content security policy).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
