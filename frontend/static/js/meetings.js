// Meetings: calendar subscription links, print buttons and confirmations (no inline scripts: the CSP forbids them).

// webcal:// needs the host the page was served from; without JavaScript the https feed link still works.
for (const link of document.querySelectorAll("a[data-webcal]")) {
  link.href = `webcal://${location.host}${link.dataset.webcal}`;
}

for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
