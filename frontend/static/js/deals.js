// Deals: the licence-terms field follows the contract type, and a deal form is sent once (a double tap on a
// slow phone connection must not log the deal twice). No inline scripts: the CSP forbids them.

for (const form of document.querySelectorAll("[data-deal-form]")) {
  const licenceOnly = form.querySelector("[data-licence-only]");
  const sync = () => {
    const chosen = form.querySelector('input[name="contract_type"]:checked');
    const isLicence = chosen !== null && chosen.value === "licence";
    if (licenceOnly) {
      licenceOnly.hidden = !isLicence;
      const select = licenceOnly.querySelector("select");
      if (select && !isLicence) select.value = "";
    }
  };
  for (const input of form.querySelectorAll('input[name="contract_type"]')) input.addEventListener("change", sync);
  sync();

  form.addEventListener("submit", (event) => {
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    for (const button of form.querySelectorAll("[data-submit-once]")) button.setAttribute("aria-busy", "true");
  });
}

for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
