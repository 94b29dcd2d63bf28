// Builds static/dist from the npm packages: GOV.UK Frontend compiled from its
// Sass with the council's own look (Arial, no crown), its JS bundle and
// images. Nothing here is committed.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

for (const sheet of ["app", "print"]) {
  const result = sass.compile(join(root, "static", "scss", `${sheet}.scss`), {
    loadPaths: [join(root, "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import"],
  });
  if (result.css.includes("GDS Transport")) {
    throw new Error(`${sheet}.css still names the GDS Transport font`);
  }
  writeFileSync(join(out, "css", `${sheet}.css`), result.css);
}

cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
// The packages' minified files name their source maps (sourceMappingURL),
// and collectstatic's hashed storage refuses a file whose map is missing:
// each is copied with its map.
function copyWithMap(from, to) {
  cpSync(from, to);
  if (existsSync(`${from}.map`)) {
    cpSync(`${from}.map`, `${to}.map`);
  }
}
copyWithMap(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
// The searchable picker of Responsibility (static/js/owner-picker.js).
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");
copyWithMap(join(autocomplete, "accessible-autocomplete.min.js"), join(out, "js", "accessible-autocomplete.min.js"));
copyWithMap(join(autocomplete, "accessible-autocomplete.min.css"), join(out, "css", "accessible-autocomplete.min.css"));
cpSync(join(root, "static", "js"), join(out, "js"), { recursive: true });
console.log(`Built ${out}`);
