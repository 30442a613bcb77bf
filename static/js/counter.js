// Live character counter for idea text areas (progressive enhancement: the server
// checks the limit too and keeps the text when it is exceeded). The words come from the
// page: the counter's data-format, "{count}" and "{limit}" standing for the numbers.
for (const area of document.querySelectorAll("textarea[data-maxlength]")) {
  const limit = Number(area.dataset.maxlength);
  const counter = document.getElementById(`${area.id}-hint`);
  if (!counter || !limit || !counter.dataset.format) continue;
  const update = () => {
    const count = [...area.value.trim()].length;
    counter.textContent = counter.dataset.format.replace("{count}", String(count)).replace("{limit}", String(limit));
    counter.classList.toggle("over", count > limit);
  };
  area.addEventListener("input", update);
  update();
}
