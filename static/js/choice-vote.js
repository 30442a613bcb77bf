// The voting page with dots: the +/- buttons change the number here instead of sending
// the form (without JavaScript they send it and the page comes back with the new number),
// and the line below counts the dots given.
const form = document.querySelector("form.choice-dots");
if (form) {
  const points = Number(form.dataset.points);
  const given = document.getElementById("choice-given");
  const inputs = [...form.querySelectorAll("input.choice-points")];
  const update = () => {
    const sum = inputs.reduce((total, input) => total + Math.max(0, Number.parseInt(input.value, 10) || 0), 0);
    if (given) {
      given.textContent = given.dataset.template.replace("{given}", String(sum)).replace("{points}", String(points));
      given.classList.toggle("choice-over", sum > points);
    }
  };
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-step]");
    if (!button) return;
    event.preventDefault();
    const input = document.getElementById(button.dataset.for);
    const value = Math.max(0, (Number.parseInt(input.value, 10) || 0) + Number(button.dataset.step));
    input.value = value ? String(value) : "";
    update();
  });
  form.addEventListener("input", update);
}
