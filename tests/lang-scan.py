"""No English word left in a Chinese statement (issue 12).

Usage: lang-scan.py OWED SAMPLE.xml... (run from the source tree, by tests/lang-scan.sh)

For every sample: the text statement (with its ledgers) and the HTML page, in Chinese
(--lang=zh), with the regimes that govern it (--regime=auto when the case says), with
the two private-lending regimes of 2015 and 2020, and with every shipped regime (16 at a time).  Every run of ASCII letters left is a
failure, except:
  - what the case file itself says (titles, names of parties and fees, ids): the user's words;
  - ids (loans, regimes), currency codes and the names of methods (XIRR, APRC, Excel, LPR);
    P2P, which Chinese writes so (P2P网络借贷);
  - command lines the statement quotes (owed statement --format=xml, owed-statement(5));
  - the text of the regime files of other jurisdictions (notes, labels, citations) that
    data/glossary/zh.xml does not translate: counted and reported.  A text of a regime of
    Chinese law (jurisdiction="CN") left in English is a failure: data/glossary/zh.xml
    translates them all.
Prints one line per failure; exit status 1 when there is any.
"""
import glob
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ALLOWED = {"XIRR", "APRC", "Excel", "LPR", "EU", "UTF",
           # the names of foreign rules in the translated labels of the law's APR:
           # 英国年利率（CONC App 1.2）, Reg Z 年利率（12 CFR 1026 附录 J）, and the UK
           # tolerance's statutory instrument (SI 2010/1014), cited as the law cites it
           "CONC", "App", "Reg", "Z", "CFR", "J", "SI"}
# names Chinese writes with Latin letters (P2P网络借贷 in the names of official bodies)
IN_CHINESE = ("P2P",)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def norm(s):
    return " ".join(s.split())


def texts_of(path):
    """Every text and attribute value of an XML file, whitespace normalised."""
    out = []
    for el in ET.parse(path).iter():
        if el.text and el.text.strip():
            out.append(norm(el.text))
        for v in el.attrib.values():
            if v.strip():
                out.append(norm(v))
    return out


def case_texts(path):
    """The user's own words in a case file: element texts (title, borrower) and the values
    of the attributes that name things (ids, parties, fees) -- not values such as
    for="principal", which the statement must put in its own words."""
    out = []
    for el in ET.parse(path).iter():
        if el.text and el.text.strip():
            out.append(norm(el.text))
        for k, v in el.attrib.items():
            if k in ("id", "loan", "name", "by", "lender", "title") or (
                    k == "kind" and el.tag.endswith("}charge")):  # a charge's own name
                out.append(norm(v))
    return out


def words_of(strings):
    w = set()
    for s in strings:
        w.update(WORD.findall(s))
    return w


def whole(s):
    """`s` where it stands as a whole: not a part of a longer word."""
    return re.compile(r"(?<![A-Za-z0-9-])" + re.escape(s) + r"(?![A-Za-z0-9-])")


def html_text(page):
    page = re.sub(r"(?is)<style.*?</style>", " ", page)
    page = re.sub(r"(?is)<script.*?</script>", " ", page)
    page = re.sub(r"(?s)<[^>]*>", " ", page)
    return html.unescape(page)


def main():
    owed = sys.argv[1]
    samples = sys.argv[2:]
    regime_files = sorted(glob.glob("data/regimes/*.xml"))
    regime_ids = {os.path.basename(f)[:-4] for f in regime_files}
    regime_strings = set()
    chinese_law = set()  # the strings of the regimes of Chinese law: they must be translated
    foreign_words = set()  # the words of the regimes of other countries' law
    for f in regime_files:
        # sentences and names (notes, labels, instruments), not short values ("day", "en")
        strings = {s for s in texts_of(f)
                   if " " in s and len(s) >= 12 and re.search(r"[A-Za-z]{2,}", s)}
        regime_strings.update(strings)
        if ET.parse(f).getroot().get("jurisdiction") == "CN":
            chinese_law.update(strings)
        else:
            # the words of a foreign regime's short values too: its articles ("5A.3.5G",
            # "1026.18(b)"), instruments ("C.R.S.") are written as its law writes them
            foreign_words.update(WORD.findall(" ".join(texts_of(f))))
    # the longest first, so that a string inside another is not taken out first
    regime_strings = sorted(regime_strings, key=len, reverse=True)
    env = dict(os.environ, LC_ALL="C")
    env.pop("LANGUAGE", None)
    env.pop("OWED_LOCALEDIR", None)  # the catalogue is found from the build tree
    failures = 0
    data_words = {"text": 0, "html": 0}
    runs = 0
    for sample in samples:
        case_words = words_of(case_texts(sample))
        # every shipped regime, in runs of at most 16 (a statement takes no more at once)
        ids = sorted(regime_ids)
        every = [[a for rid in ids[k:k + 16] for a in ("-r", rid)]
                 for k in range(0, len(ids), 16)]
        for regimes in [[], ["-r", "cn-private-2015", "-r", "cn-private-2020"]] + every:
            for fmt in ("text", "html"):
                cmd = [owed, "statement", "--lang=zh", "--format=" + fmt] + regimes + [sample]
                p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                runs += 1
                if p.returncode != 0:
                    print("FAIL: %s: exit status %d" % (" ".join(cmd), p.returncode))
                    failures += 1
                    continue
                out = p.stdout.decode("utf-8")
                if "欠款核算书" not in out:
                    print("FAIL: %s: not in Chinese" % " ".join(cmd))
                    failures += 1
                    continue
                text = norm(html_text(out) if fmt == "html" else out)
                text = text.replace(sample, " ")
                for s in regime_strings:
                    if s in text:
                        text, n = whole(s).subn(" ", text)
                        data_words[fmt] += len(WORD.findall(s)) * n
                        if n and s in chinese_law:
                            print("FAIL: %s %s: a text of a regime of Chinese law left in "
                                  "English (add it to data/glossary/zh.xml): %s"
                                  % (sample, fmt, s[:120]))
                            failures += 1
                # then the user's own words and the ids, whole, the longest first
                for s in sorted(set(case_texts(sample)) | regime_ids, key=len, reverse=True):
                    text = whole(s).sub(" ", text)
                text = re.sub(r"https?://\S+", " ", text)
                for s in IN_CHINESE:
                    text = text.replace(s, " ")
                text = re.sub(r"'owed [^']*'", " ", text)
                text = re.sub(r"owed-[a-z]+\(\d\)", " ", text)
                text = re.sub(r"\bowed(?: [a-z]+)?(?: --?[a-z][a-z-]*(?:=[a-z]+)?)*", " ", text)
                text = re.sub(r"--[a-z][a-z-]*(?:=[a-z0-9-]+)?", " ", text)
                left = {}
                for w in WORD.findall(text):
                    if (w in ALLOWED or w in case_words or w in regime_ids or
                            w in foreign_words):
                        continue
                    if re.fullmatch(r"[A-Z]{3}", w):  # a currency code
                        continue
                    # an id of a regime cut by the tokenizer: cn-private-2015 -> cn-private-
                    if any(rid.startswith(w) for rid in regime_ids):
                        continue
                    left[w] = left.get(w, 0) + 1
                for w, n in sorted(left.items()):
                    i = text.find(w)
                    ctx = text[max(0, i - 30):i + len(w) + 30]
                    what = ("(every regime, in runs of 16)" if regimes in every else
                            " ".join(regimes) or "(default regimes)")
                    print("FAIL: %s %s %s: English word '%s' (%d times), e.g. ...%s..."
                          % (sample, fmt, what, w, n, ctx))
                    failures += 1
    print("%d statements scanned; words of the regime files not yet in Chinese, set aside: "
          "%d in text, %d in HTML" % (runs, data_words["text"], data_words["html"]))

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
