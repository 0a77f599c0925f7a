#include <cstdio>
#include "core/search_terms.h"
using namespace qalam;
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    for (TermUse u : {TermUse::index, TermUse::query}) {
      printf("%s %s:", u == TermUse::index ? "index" : "query", argv[i]);
      for_each_search_term(argv[i], [](const SearchTerm& t) { printf(" %s%s", t.variant ? "+" : "", t.text.c_str()); }, u);
      printf("\n");
    }
  }
}
