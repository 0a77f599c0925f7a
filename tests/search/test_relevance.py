"""The search relevance set (relevance.jsonl): queries in three languages over the
demo corpus, each with the addresses that must appear in the top 5. Prints precision
at 5 and mean reciprocal rank per language and overall; fails when a query misses or
the figures fall below relevance_thresholds.json."""
import json
import os
import re
import sys
import unittest
from urllib.parse import quote

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import QalamTestCase  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class Relevance(QalamTestCase):
    def test_relevance_set(self):
        with open(os.path.join(HERE, "relevance.jsonl"), encoding="utf-8") as f:
            cases = [json.loads(line) for line in f if line.strip()]
        with open(os.path.join(HERE, "relevance_thresholds.json"), encoding="utf-8") as f:
            thresholds = json.load(f)
        self.assertGreaterEqual(len(cases), 40)
        by_lang = {}
        misses = []
        for case in cases:
            status, _, body = self.server.get(f"/{case['lang']}/search?q={quote(case['q'])}")
            self.assertEqual(status, 200, case["q"])
            hits = re.findall(r'<h2 class="card-title"><a href="([^"]+)"', body.decode())[:5]
            expected = case["expect"]
            found = [e for e in expected if e in hits]
            precision = len(found) / min(len(expected), 5)
            ranks = [hits.index(e) + 1 for e in found]
            rr = 1 / min(ranks) if ranks else 0.0
            by_lang.setdefault(case["lang"], []).append((precision, rr))
            if precision < 1:
                misses.append(f"{case['lang']} {case['q']!r}: expected {expected}, top 5 {hits}")
        rows = []
        everything = [x for v in by_lang.values() for x in v]
        for lang, scores in sorted(by_lang.items()) + [("all", everything)]:
            p5 = sum(p for p, _ in scores) / len(scores)
            mrr = sum(r for _, r in scores) / len(scores)
            rows.append((lang, len(scores), p5, mrr))
        print("\nsearch relevance: queries, precision@5, MRR")
        for lang, n, p5, mrr in rows:
            print(f"  {lang:>3}  {n:3d}  P@5 {p5:.3f}  MRR {mrr:.3f}")
        overall = rows[-1]
        self.assertEqual(misses, [], "\n".join(misses))
        self.assertGreaterEqual(overall[2], thresholds["precision_at_5"])
        self.assertGreaterEqual(overall[3], thresholds["mrr"])


if __name__ == "__main__":
    unittest.main()
