"""Columns of the text statement line up by display width (issue 12).

Usage: text-columns.py OWED SAMPLE.xml... (from the source tree, by tests/text-columns.sh)

A Chinese character takes two columns on a terminal, so padding by bytes or by characters
puts the figures of a Chinese statement out of line.  For every sample, with the regimes
that govern it and with the 2015 and 2020 private-lending regimes, the lines that hold
amounts are taken from the English and the Chinese text statements, each with and without
--exact; then
  - each amount of a summary or figure row ends in a column of the figure grid (the label
    column is 40 wide, each amount column 14);
  - the rows of a table that starts with a date or a number (the ledger, the payments)
    end their amounts in the same columns, in each language;
  - the Chinese statement puts every amount of the other rows in the same display column
    as the English one, line for line, and so does --exact (its exact values follow the
    row's last column).
Prints one line per failure; exit status 1 when there is any.
"""
import os
import re
import subprocess
import sys
import unicodedata

AMOUNT = re.compile(r"(?<![\w.:/-])-?\d[\d,]*\.\d+(?![\w%.])")
EXACT = re.compile(r"\s*\[= [^\]]*\]")
LABEL_WIDTH, AMOUNT_WIDTH = 40, 14
TABLE_ROW = re.compile(r"^\s+(\d{4}-\d\d-\d\d|\d+  \d{4}-)")


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def amount_lines(text):
    """(line, [end column of each amount], section) for every line that ends in an amount;
    a section runs from one heading (a line at column 0) to the next."""
    out = []
    section = 0
    for line in text.splitlines():
        if line and not line[0].isspace():
            section += 1
        line = EXACT.sub("", line).rstrip()
        if not AMOUNT.search(line) or not re.search(r"\d\.\d+$", line):
            continue
        if re.search(r"\d\.\d+%", line):  # rates of the cost view: their own layout
            continue
        ends = [width(line[:m.end()]) for m in AMOUNT.finditer(line)]
        out.append((line, ends, section))
    return out


def main():
    owed = sys.argv[1]
    samples = sys.argv[2:]
    env = dict(os.environ, LC_ALL="C")
    env.pop("LANGUAGE", None)
    failures = 0
    compared = 0
    for sample in samples:
        for regimes in ([], ["-r", "cn-private-2015", "-r", "cn-private-2020"]):
            runs = {}
            for lang in ("en", "zh"):
                for exact in ([], ["--exact"]):
                    cmd = [owed, "statement", "--lang=" + lang] + exact + regimes + [sample]
                    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL)
                    if p.returncode != 0:
                        print("FAIL: %s: exit status %d" % (" ".join(cmd), p.returncode))
                        failures += 1
                        continue
                    runs[(lang, bool(exact))] = (" ".join(cmd),
                                                 amount_lines(p.stdout.decode("utf-8")))
            if len(runs) != 4:
                continue
            what, base = runs[("en", False)]
            # figure rows (two spaces, a label, amounts): every amount on the grid
            for line, ends, _ in base:
                if re.match(r"^  \S", line) and not re.match(r"^  \d", line) and \
                        len(ends) <= 4 and ends[0] >= LABEL_WIDTH:
                    for e in ends:
                        if e >= LABEL_WIDTH + AMOUNT_WIDTH and \
                                (e - LABEL_WIDTH) % AMOUNT_WIDTH != 0:
                            print("FAIL: %s: an amount ends in column %d, off the grid: %s"
                                  % (what, e, line))
                            failures += 1
            # the rows of a table that starts with a date or a number (ledger, payments):
            # rows with as many amounts end them in the same columns
            for key in runs:
                seen = {}
                for line, ends, section in runs[key][1]:
                    m = TABLE_ROW.match(line)
                    if not m:
                        continue
                    kind = (section, len(ends))
                    if kind in seen and seen[kind][1] != ends:
                        print("FAIL: %s: a table's amounts end in columns %s and %s:\n  %s\n  %s"
                              % (runs[key][0], seen[kind][1], ends, seen[kind][0], line))
                        failures += 1
                        break
                    seen.setdefault(kind, (line, ends))
            for key in (("zh", False), ("en", True), ("zh", True)):
                other_what, other = runs[key]
                if key[0] == "zh":
                    # a table whose column is as wide as its widest label (the ledger's
                    # "what") is as wide as the language's words: checked within itself
                    # above; the figure rows are compared with the English ones
                    other = [x for x in other if not TABLE_ROW.match(x[0])]
                    base_here = [x for x in base if not TABLE_ROW.match(x[0])]
                else:
                    base_here = base
                compared += 1
                if len(other) != len(base_here):
                    print("FAIL: %s: %d lines with amounts, %d in %s"
                          % (other_what, len(other), len(base_here), what))
                    failures += 1
                    continue
                for (l1, e1, _), (l2, e2, _) in zip(base_here, other):
                    if e1 != e2:
                        print("FAIL: %s: amounts end in columns %s, not %s as in English:\n"
                              "  %s\n  %s" % (other_what, e2, e1, l2, l1))
                        failures += 1
                        break
    print("%d statements compared column by column with the English one" % compared)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
