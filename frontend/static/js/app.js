// Transfer Fair: small progressive enhancements shared by every page (no framework, no build step).

/** The CSRF token Litestar keeps in the `csrftoken` cookie, for fetch() calls from pages. */
export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** JSON fetch that sends the CSRF header and throws the API's {code, message} on refusal. */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(method !== "GET" ? { "x-csrftoken": csrfToken() } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && data.message) || response.statusText);
    error.code = data && data.code;
    error.status = response.status;
    throw error;
  }
  return data;
}

// Mark the current navigation link.
for (const link of document.querySelectorAll(".main-nav a")) {
  if (link.getAttribute("href") !== "/" && location.pathname.startsWith(link.getAttribute("href"))) {
    link.setAttribute("aria-current", "page");
  }
}
