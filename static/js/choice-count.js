// The moderator's page of an open final vote: the number of ballots, fetched every few
// seconds (the count only: nothing about who voted).
const box = document.querySelector(".choice-count[data-live]");
const number = document.getElementById("ballot-count");
if (box && number) {
  const url = box.dataset.countUrl;
  const refresh = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        if (String(data.ballots) !== number.textContent) number.textContent = String(data.ballots);
      }
    } catch (error) {
      // offline for a moment: the next round tries again
    }
  };
  setInterval(refresh, 4000);
}
