// The merge part of a console row's menu: opening the menu loads the analysis' similar
// ideas, typing words loads the ideas holding them (both drawn by the server, the same
// markup as the merge page), and the chosen target is kept through new searches and
// live updates. When the chosen idea is hidden, merged or deleted meanwhile, the panel
// says so instead of letting the merge fail.

const texts = document.getElementById("console-texts").dataset;
const requests = new WeakMap(); // menu → number of its latest request (older answers are dropped)
const timers = new WeakMap();

function parts(menu) {
  const search = menu.querySelector(".merge-search");
  const form = menu.querySelector(".merge-form");
  if (!search || !form) return null;
  return { search, form, box: form.querySelector(".merge-candidates"), problem: form.querySelector(".merge-problem") };
}

function optionText(option) {
  return option.querySelector(".merge-text")?.textContent.trim() ?? "";
}

export async function loadCandidates(menu) {
  const found = parts(menu);
  if (!found) return;
  const { search, form, box, problem } = found;
  const query = search.querySelector("input[name=q]").value.trim();
  const url = new URL(search.action, window.location.href);
  url.searchParams.set("partial", "1");
  if (query) url.searchParams.set("q", query);
  const number = (requests.get(menu) || 0) + 1;
  requests.set(menu, number);
  box.setAttribute("aria-busy", "true");
  if (!box.firstElementChild) box.textContent = texts.loading;
  form.hidden = false;
  let html;
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    html = await response.text();
  } catch (error) {
    if (requests.get(menu) === number) {
      box.removeAttribute("aria-busy");
      problem.textContent = texts.failed;
    }
    return;
  }
  if (requests.get(menu) !== number) return; // a newer search is under way
  const template = document.createElement("template");
  template.innerHTML = html; // drawn by our server, every idea text escaped there
  const fresh = template.content;
  const chosen = box.querySelector(".merge-option:has(input:checked)");
  if (chosen) {
    const same = fresh.querySelector(`.merge-option[data-target-id="${chosen.dataset.targetId}"] input`);
    if (same) {
      same.checked = true;
    } else {
      // Keep the choice on top while other words are searched for.
      let options = fresh.querySelector(".merge-options");
      if (!options) {
        options = document.createElement("div");
        options.className = "merge-options";
        fresh.querySelector("legend").after(options);
      }
      options.prepend(chosen);
    }
  }
  box.replaceChildren(fresh);
  box.removeAttribute("aria-busy");
  if (!problem.dataset.gone) problem.textContent = "";
}

/** A target idea is no longer public (hidden, merged away, deleted): say so where it was chosen. */
export function targetGone(ideaId) {
  for (const option of document.querySelectorAll(`.c-menu .merge-option[data-target-id="${ideaId}"]`)) {
    const radio = option.querySelector("input");
    option.classList.add("gone");
    if (radio.checked) {
      const problem = option.closest(".merge-form").querySelector(".merge-problem");
      problem.textContent = texts.gone.replace("{text}", optionText(option));
      problem.dataset.gone = "1";
      radio.checked = false;
    }
    radio.disabled = true;
  }
}

/** A target idea is public again (shown again, unmerged): it may be chosen again. */
export function targetBack(ideaId) {
  for (const option of document.querySelectorAll(`.c-menu .merge-option.gone[data-target-id="${ideaId}"]`)) {
    option.classList.remove("gone");
    option.querySelector("input").disabled = false;
  }
}

document.addEventListener("toggle", (event) => {
  const menu = event.target;
  if (menu.matches?.(".c-menu") && menu.open && parts(menu) && !parts(menu).box.firstElementChild) {
    loadCandidates(menu);
  }
}, true);

document.addEventListener("input", (event) => {
  const menu = event.target.closest(".c-menu");
  if (!menu || !event.target.matches(".merge-search input[name=q]")) return;
  window.clearTimeout(timers.get(menu));
  timers.set(menu, window.setTimeout(() => loadCandidates(menu), 250));
});

document.addEventListener("change", (event) => {
  const form = event.target.closest(".c-menu .merge-form");
  if (form && event.target.matches("input[name=target_id]")) {
    const problem = form.querySelector(".merge-problem");
    problem.textContent = "";
    delete problem.dataset.gone;
  }
});

document.addEventListener("submit", (event) => {
  const menu = event.target.closest(".c-menu");
  if (!menu) return;
  if (event.target.matches(".merge-search")) {
    // With JavaScript the search stays in the menu; without, it opens the merge page.
    event.preventDefault();
    window.clearTimeout(timers.get(menu));
    loadCandidates(menu);
  } else if (event.target.matches(".merge-form") && !event.target.querySelector("input[name=target_id]:checked")) {
    event.preventDefault();
    const problem = event.target.querySelector(".merge-problem");
    if (!problem.dataset.gone) problem.textContent = texts.choose;
    (event.target.querySelector("input[name=target_id]:not(:disabled)") || menu.querySelector(".merge-search input")).focus();
  }
});
