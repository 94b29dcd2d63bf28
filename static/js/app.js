// Start GOV.UK Frontend's components (menus, error summaries, …).
import { initAll } from "./govuk-frontend.min.js";

initAll();

// The officer's update: as a grade is chosen that needs an explanation
// (Slipped, Not Achieved, or worse than the committee's last assessment),
// say so beside the explanation box. The server enforces it either way.
for (const group of document.querySelectorAll("[data-worse-grades]")) {
  const worse = new Set(group.dataset.worseGrades.split(" ").filter(Boolean));
  const notice = document.getElementById(group.dataset.worseNotice);
  if (!notice) continue;
  const show = () => {
    const chosen = group.querySelector("input[type=radio]:checked");
    notice.hidden = !(chosen && worse.has(chosen.value));
  };
  group.addEventListener("change", show);
  show();
}
