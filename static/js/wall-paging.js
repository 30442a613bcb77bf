// Paging the projector wall, so that every column gets its time on screen.
//
// Columns that do not fit side by side (ten Handlungsfelder on a 1280 px projector) take
// turns in groups of equal size; a column longer than its box pages by whole cards, so
// the first card of every page sits fully below the column's heading. One timer drives
// both, every PAGE_MS (tests move it on with Playwright's page.clock). A group stays for
// at most GROUP_PAGES pages; a column it left in the middle goes on from there next time.

const PAGE_MS = 9000;
const GROUP_PAGES = 3;
// A column is at least this many times as wide as its cards' text is high: about 20
// characters a line. Narrower, projector-sized text breaks into lines of a word or two.
const COLUMN_MIN_EM = 12;
const MAX_COLUMNS = 8; // wall.css has a grid for 1 to 8 columns side by side

export function pageWall({ layout, container, indicator, label, reducedMotion }) {
  const tops = new WeakMap(); // scroll box → the first card of its page
  let groups = [];
  let current = 0;
  let turns = 0; // pages the current group has moved on since it came on screen

  const columns = () => [...container.querySelectorAll(".wall-column")];
  const boxOf = (column) => column.querySelector(".wall-scroll");
  const cardsOf = (box) => [...box.querySelectorAll(".wall-card")];
  const onScreen = (box) => !box.closest("[hidden]");

  function topCard(box) {
    const top = tops.get(box);
    return top && top.isConnected && box.contains(top) ? top : cardsOf(box)[0] || null;
  }

  // The first card after the page's top that is not fully shown: the next page's top.
  function nextTop(box) {
    const top = topCard(box);
    if (!top) return null;
    const limit = top.offsetTop + box.clientHeight + 1;
    let card = top.nextElementSibling;
    while (card && card.offsetTop + card.offsetHeight <= limit) card = card.nextElementSibling;
    return card;
  }

  function scrollTo(box, card, smooth = false) {
    tops.set(box, card);
    const top = card ? card.offsetTop : 0;
    if (smooth && !reducedMotion.matches) box.scrollTo({ top, behavior: "smooth" });
    else box.scrollTop = top;
  }

  function show(index) {
    current = index;
    turns = 0;
    const shown = new Set(groups[current]);
    for (const column of columns()) column.hidden = !shown.has(column);
    for (let width = 1; width <= MAX_COLUMNS; width += 1) {
      container.classList.toggle(`page-columns-${width}`, width === Math.max(1, shown.size));
    }
    for (const column of groups[current] || []) {
      const box = boxOf(column);
      // A column that was shown to its end starts over with its newest ideas.
      scrollTo(box, nextTop(box) ? topCard(box) : cardsOf(box)[0] || null);
    }
    if (indicator) {
      indicator.hidden = groups.length <= 1;
      indicator.textContent = label.replace("{page}", current + 1).replace("{pages}", groups.length);
    }
  }

  function cardFontSize() {
    const probe = document.createElement("p"); // a card's text, even on an empty wall
    probe.className = "wall-text";
    probe.hidden = true;
    container.append(probe);
    const size = parseFloat(getComputedStyle(probe).fontSize) || 20;
    probe.remove();
    return size;
  }

  function regroup() {
    const all = columns();
    const firstShown = groups[current] ? groups[current][0] : all[0];
    const style = getComputedStyle(container);
    const gap = parseFloat(style.columnGap) || 0;
    const room = Math.floor((container.clientWidth + gap) / (COLUMN_MIN_EM * cardFontSize() + gap));
    const fit = Math.min(MAX_COLUMNS, Math.max(1, room));
    const count = Math.max(1, Math.ceil(all.length / fit));
    groups = [];
    let start = 0;
    for (let group = 0; group < count; group += 1) {
      const size = Math.floor(all.length / count) + (group < all.length % count ? 1 : 0);
      groups.push(all.slice(start, start + size));
      start += size;
    }
    show(Math.max(0, groups.findIndex((group) => group.includes(firstShown))));
  }

  function tick() {
    const boxes = (groups[current] || []).map(boxOf);
    if (groups.length <= 1) {
      // Everything fits: each column pages on its own and starts over at its end.
      for (const box of boxes) {
        const next = nextTop(box);
        if (next) scrollTo(box, next, true);
        else if (topCard(box) !== (cardsOf(box)[0] || null) || box.scrollTop > 0) scrollTo(box, cardsOf(box)[0] || null, true);
      }
      return;
    }
    if (turns < GROUP_PAGES - 1 && boxes.some((box) => nextTop(box))) {
      for (const box of boxes) {
        const next = nextTop(box);
        if (next) scrollTo(box, next, true);
      }
      turns += 1;
    } else {
      show((current + 1) % groups.length);
    }
  }

  // Runs ``change`` (a live update of the cards in ``lists``) and keeps each column's page
  // where it was: the same top card, or the card that took its place.
  function keepPlace(lists, change) {
    const boxes = [...new Set(lists.filter(Boolean).map((list) => list.closest(".wall-scroll")))];
    const before = boxes.map((box) => {
      const top = topCard(box);
      return { box, top, after: top && top.nextElementSibling, previous: top && top.previousElementSibling };
    });
    change();
    for (const { box, top, after, previous } of before) {
      let card = top;
      if (!top || !previous) {
        card = cardsOf(box)[0] || null; // on its first page a column shows the newest ideas
      } else if (!box.contains(top)) {
        card = [after, previous].find((candidate) => candidate && box.contains(candidate)) || cardsOf(box)[0] || null;
      }
      tops.set(box, card);
      if (onScreen(box)) box.scrollTop = card ? card.offsetTop : 0;
    }
  }

  layout.classList.add("is-paged");
  regroup();
  window.addEventListener("resize", regroup);
  window.setInterval(tick, PAGE_MS);
  return { keepPlace };
}
