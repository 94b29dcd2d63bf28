// Start GOV.UK Frontend's components (menus, error summaries, …).
import { initAll } from "./govuk-frontend.min.js";

initAll();
