#include "static_site/redirect_maps.h"

#include <gtest/gtest.h>

namespace qalam::static_site {
namespace {

TEST(RedirectMaps, AnArticleIsRenamedInItsLanguageTheOthersInEvery) {
  std::vector<store::SlugRedirect> renamed = {{store::SlugKind::article, "ru", "staroe", "novoe"},
                                              {store::SlugKind::author, "", "old-name", "new-name"}};
  auto pairs = redirect_pairs(renamed);
  EXPECT_EQ(pairs, (std::vector<std::pair<std::string, std::string>>{
                       {"/ru/articles/staroe", "/ru/articles/novoe"},
                       {"/az/authors/old-name", "/az/authors/new-name"},
                       {"/en/authors/old-name", "/en/authors/new-name"},
                       {"/ru/authors/old-name", "/ru/authors/new-name"}}));
  EXPECT_NE(nginx_redirect_map(pairs).find("\"/ru/articles/staroe\" \"/ru/articles/novoe\";\n"), std::string::npos);
  EXPECT_NE(redirects_file(pairs).find("/en/authors/old-name /en/authors/new-name 301\n"), std::string::npos);
}

TEST(RedirectMaps, AnAddressThatWouldBreakTheFilesSyntaxIsLeftOut) {
  std::vector<std::pair<std::string, std::string>> pairs = {{"/en/tags/a\"; b", "/en/tags/x"},
                                                            {"/en/tags/ok", "/en/tags/new"}};
  EXPECT_EQ(redirects_file(pairs), "/en/tags/ok /en/tags/new 301\n");
  EXPECT_EQ(nginx_redirect_map(pairs).find("a\";"), std::string::npos);
}

TEST(RedirectMaps, AnImportedSitesOldPathsComeWithAndWithoutTheirSlash) {
  std::vector<std::pair<std::string, std::string>> legacy = {{"/", "/en/"},
                                                             {"/?p=12", "/en/articles/a"},
                                                             {"/2020/01/02/a", "/en/articles/a"}};
  EXPECT_EQ(legacy_redirect_pairs(legacy), (std::vector<std::pair<std::string, std::string>>{
                                               {"/2020/01/02/a", "/en/articles/a"},
                                               {"/2020/01/02/a/", "/en/articles/a"}}));
}

}  // namespace
}  // namespace qalam::static_site
