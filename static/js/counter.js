// Live character counter for idea text areas (progressive enhancement: the server
// checks the limit too and keeps the text when it is exceeded).
const format = (count, limit) =>
  document.documentElement.lang === "en"
    ? `${count} of ${limit} characters`
    : `${count} von ${limit} Zeichen`;

for (const area of document.querySelectorAll("textarea[data-maxlength]")) {
  const limit = Number(area.dataset.maxlength);
  const counter = document.getElementById(`${area.id}-hint`);
  if (!counter || !limit) continue;
  const update = () => {
    const count = [...area.value.trim()].length;
    counter.textContent = format(count, limit);
    counter.classList.toggle("over", count > limit);
  };
  area.addEventListener("input", update);
  update();
}
