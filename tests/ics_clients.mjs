// Read .ics files as two JavaScript calendar libraries do: ical.js (Thunderbird's) and
// node-ical. Prints {parser: {file: {uid: start}}}, a start being the UTC instant
// (ISO 8601) of a timed event, or "date:YYYY-MM-DD" for an all-day one.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import ICAL from "ical.js";

const require = createRequire(import.meta.url);
const nodeIcal = require("node-ical");

function withIcalJs(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // The calendar's own VTIMEZONE, as a client that knows no zone database reads it.
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const starts = {};
  for (const component of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    starts[event.uid] = start.isDate
      ? `date:${start.toString()}`
      : start.toJSDate().toISOString();
  }
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(zone.getFirstPropertyValue("tzid"));
  }
  return starts;
}

function withNodeIcal(text) {
  const starts = {};
  for (const item of Object.values(nodeIcal.sync.parseICS(text))) {
    if (item.type !== "VEVENT") continue;
    const start = item.start;
    starts[item.uid] = start.dateOnly
      ? `date:${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, "0")}-${String(start.getDate()).padStart(2, "0")}`
      : start.toISOString();
  }
  return starts;
}

const found = { "ical.js": {}, "node-ical": {} };
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  found["ical.js"][file] = withIcalJs(text);
  found["node-ical"][file] = withNodeIcal(text);
}
process.stdout.write(JSON.stringify(found));
