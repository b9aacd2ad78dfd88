"""Generate a synthetic archive of realistic shape from the real content, for the benchmark.

    python3 bench/synthetic.py OUT --size S [--seed 1] [--source content]

OUT becomes a content folder (people/, committees/, meetings/, reports/, work-programmes/).
Committees meet ten times a municipal year, going back from 2022/23; each meeting has 6 to
12 agenda items with minutes and resolutions, about one report for every three items, and
follow-ups that answer earlier resolutions. The same seed and source give a byte-identical
tree. Names, dates, minute numbers and titles vary; the text is the real papers' text.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import Corpus, group_counts, harvest
from history import Body, History, Roster, municipal_year
from writer import Writer

ROOT = Path(__file__).resolve().parent.parent
LAST_YEAR = 2022  # the newest municipal year is 2022/23; the benchmark builds as of 2023-06-01


@dataclass(frozen=True)
class Shape:
    """How big an archive is: committees, municipal years, meetings a year each."""

    committees: int
    years: int
    per_year: int

    @property
    def meetings(self) -> int:
        return self.committees * self.years * self.per_year


SIZES = {
    "T": Shape(3, 2, 4),  # tiny: for the smoke test
    "S": Shape(10, 2, 10),  # about 200 meetings
    "M": Shape(30, 5, 10),  # about 1,500
    "L": Shape(30, 20, 10),  # about 6,000: a council's twenty-year archive
}

# Committees besides the real ones (name, kind); a typical metropolitan council's list.
COMMITTEES = (
    ("Corporate Overview and Scrutiny Committee", "committee"),
    ("Health and Social Care Overview and Scrutiny Committee", "committee"),
    ("Regeneration and Environment Overview and Scrutiny Committee", "committee"),
    ("Governance and Audit Committee", "committee"),
    ("Standards Committee", "committee"),
    ("Licensing Committee", "committee"),
    ("Regulatory and Appeals Committee", "committee"),
    ("Employment Committee", "committee"),
    ("Health and Wellbeing Board", "board"),
    ("Area Planning Panel (Bradford)", "panel"),
    ("Area Planning Panel (Keighley and Shipley)", "panel"),
    ("Bradford East Area Committee", "committee"),
    ("Bradford West Area Committee", "committee"),
    ("Bradford South Area Committee", "committee"),
    ("Keighley Area Committee", "committee"),
    ("Shipley Area Committee", "committee"),
    ("Bradford District Safeguarding Board", "board"),
    ("Adoption Panel", "panel"),
    ("Fostering Panel", "panel"),
    ("Safer Communities Partnership Board", "board"),
    ("Climate Change and Environment Panel", "panel"),
    ("Joint Consultative Committee", "committee"),
    ("Member Development Panel", "panel"),
    ("Landlord Panel", "panel"),
    ("Culture and Heritage Panel", "panel"),
    ("Economic Recovery Board", "board"),
    ("Transport and Highways Panel", "panel"),
    ("Schools Forum", "board"),
)
STARTS = ("10:00", "14:00", "16:30", "17:30", "18:00")
EXTRA_ROLES = ("Independent Person", "Youth Council Representative",
               "Parish and Town Council Representative")


def slug(name: str) -> str:
    name = name.replace("'", "").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class Names:
    """Unique people's names and ids, made from the real papers' forenames and surnames."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.c, self.rng = corpus, rng
        self.taken: set[str] = set()

    def make(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            if rng.random() < 0.15:  # the papers often give initials and a surname
                first = " ".join(rng.sample("ABCDEFGHJKLMNPRSTW", rng.randint(1, 2)))
            else:
                first = rng.choice(self.c.forenames)
            name = f"{first} {rng.choice(self.c.surnames)}"
            person_id = slug(name)
            if person_id not in self.taken:
                self.taken.add(person_id)
                return person_id, name


def officers(corpus: Corpus, names: Names, rng: random.Random, count: int) -> list[dict]:
    out = []
    for _ in range(count):
        _id, name = names.make()
        first, last = name.split()[0], name.split()[-1]
        out.append({"name": name, "role": rng.choice(corpus.roles),
                    "phone": f"01274 4{rng.randint(10000, 99999)}",
                    "email": f"{first.lower()}.{last.lower()}@council.example"})
    return out


def bodies(corpus: Corpus, shape: Shape, names: Names, rng: random.Random) -> list[Body]:
    """The committees: the real ones first, then the list above (numbered past its end)."""
    listed = [(c["name"], c["kind"], c["slug"], c.get("short_name")) for c in corpus.committees]
    listed += [(name, kind, slug(name), None) for name, kind in COMMITTEES]
    while len(listed) < shape.committees:
        listed.append((f"Area Committee {len(listed)}", "committee",
                       f"area-committee-{len(listed)}", None))
    solicitor = names.make()[1]
    out = []
    for index, (name, kind, body_slug, short) in enumerate(listed[: shape.committees]):
        scrutiny = "Overview and Scrutiny" in name
        short = short or name.replace("Overview and Scrutiny", "O&S")
        topic = re.sub(r" (Overview and Scrutiny Committee|Committee|Panel|Board|Forum)$", "",
                       name).strip() or name
        staff = officers(corpus, names, rng, 8)
        contacts = [{**staff[0], "role": "Governance Officer"}]
        lead = staff[1]["name"] if scrutiny else None
        if lead:
            contacts.append({**staff[1], "role": "Overview and Scrutiny Lead"})
        out.append(Body(
            slug=body_slug, name=name, short_name=short, kind=kind, scrutiny=scrutiny,
            contacts=contacts, scrutiny_lead=lead, weekday=index % 4 + (index // 4) % 2,
            week=(index // 5) % 4 + 1, start=STARTS[index % len(STARTS)],
            venue=corpus.venues[index % len(corpus.venues)], portfolio=topic,
            officers=staff[2:], solicitor=solicitor))
    return out


def councillors(corpus: Corpus, shape: Shape, names: Names,
                rng: random.Random) -> tuple[dict[str, tuple[str, str]], list[list[str]]]:
    """Councillors (id -> (name, group)) and, for each year, those sitting that year:
    ninety seats, a few changing hands at each election."""
    seats = min(90, 9 * shape.committees + 10)
    turnover = max(2, seats // 11)
    total = seats + turnover * (shape.years - 1)
    shares = group_counts(corpus.groups, total)
    groups = [g for g, n in shares.items() for _ in range(n)]
    rng.shuffle(groups)
    people = {}
    for group in groups:
        person_id, name = names.make()
        people[person_id] = (name, group)
    ids = list(people)
    sitting = [ids[y * turnover: y * turnover + seats] for y in range(shape.years)]
    return people, sitting


def rosters(corpus: Corpus, body: Body, shape: Shape, years: list[int], people: dict,
            sitting: list[list[str]], co_opted: list[dict], rng: random.Random) -> None:
    """Each year's members, alternates and chair; last year's members stay on if they can."""
    members_by_group = group_counts(corpus.groups, 9)
    alternates_by_group = group_counts(corpus.groups, 7)
    previous: list[str] = []
    for index, start in enumerate(years):
        here = sitting[index]
        chosen: dict[str, list[str]] = {}
        alternates: dict[str, list[str]] = {}
        for group, count in members_by_group.items():
            pool = [p for p in here if people[p][1] == group]
            keep = [p for p in previous if p in pool][:count]
            fresh = [p for p in pool if p not in keep]
            chosen[group] = keep + rng.sample(fresh, min(len(fresh), count - len(keep)))
            spare = [p for p in fresh if p not in chosen[group]]
            alternates[group] = rng.sample(spare, min(len(spare),
                                                      alternates_by_group.get(group, 0)))
        chosen = {g: ps for g, ps in chosen.items() if ps}
        alternates = {g: ps for g, ps in alternates.items() if ps}
        previous = [p for ps in chosen.values() for p in ps]
        body.rosters[municipal_year(start)] = Roster(chosen, alternates, co_opted,
                                                     chair=previous[0])


def generate(out: Path, size: str, seed: int = 1, source: Path = ROOT / "content") -> dict:
    """Write an archive of the given size into `out` (a new or empty folder)."""
    shape = SIZES[size]
    corpus = harvest(source)
    rng = random.Random(f"{seed}:archive")
    names = Names(corpus, rng)
    writer = Writer(out)
    years = list(range(LAST_YEAR - shape.years + 1, LAST_YEAR + 1))
    committees = bodies(corpus, shape, names, rng)
    people, sitting = councillors(corpus, shape, names, rng)
    writer.yaml("people/councillors.yml",
                {pid: {"name": name, "title": "Councillor"} for pid, (name, _g) in people.items()},
                "Councillors, past and present (synthetic).")
    display = {pid: f"Councillor {name}" for pid, (name, _g) in people.items()}
    roles = [*corpus.co_opted_roles, *EXTRA_ROLES]
    meetings = 0
    for body in committees:
        count = rng.randint(3, 5) if body.scrutiny else rng.choice((0, 0, 1, 2))
        co_opted = []
        for _ in range(count):
            person_id, name = names.make()
            display[person_id] = name
            co_opted.append({"person": person_id, "voting": rng.random() < 0.4,
                             "represents": rng.choice(roles)})
        if co_opted:
            writer.yaml(f"people/{body.slug}.yml",
                        {m["person"]: {"name": display[m["person"]]} for m in co_opted},
                        f"Co-opted members of the {body.name} (synthetic).")
        rosters(corpus, body, shape, years, people, sitting, co_opted, rng)
        writer.yaml(f"committees/{body.slug}.yml", committee_file(body),
                    "Synthetic benchmark content (bench/synthetic.py).")
        meetings += History(corpus, body, years, shape.per_year, seed, display, writer).generate()
    return {"size": size, "seed": seed, "meetings": meetings, "files": writer.files,
            "bytes": writer.bytes}


def committee_file(body: Body) -> dict:
    years = {}
    for year, roster in body.rosters.items():
        entry: dict = {"members": roster.members, "alternates": roster.alternates}
        if roster.co_opted:
            entry["co_opted"] = roster.co_opted
        entry["chair"] = roster.chair
        if body.scrutiny_lead:
            entry["scrutiny_lead"] = body.scrutiny_lead
        years[year] = entry
    return {"name": body.name, "short_name": body.short_name, "kind": body.kind,
            "contacts": body.contacts, "years": years}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the content folder to create (new or empty)")
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=ROOT / "content",
                        help="the real content to take names and text from")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"synthetic: {args.out} is not empty; give a new folder", file=sys.stderr)
        return 2
    if not (args.source / "meetings").is_dir():
        print(f"synthetic: no content to learn from at {args.source}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    made = generate(args.out, args.size, args.seed, args.source)
    print(f"Wrote {made['meetings']} meetings in {made['files']} files "
          f"({made['bytes'] / 1e6:.1f} MB) to {args.out} in {time.perf_counter() - started:.1f}s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
