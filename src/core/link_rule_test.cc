#include "core/link_rule.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

TEST(LinkRule, TakesWebAddressesAndTheSitesOwnFiles) {
  for (const char* ok : {"https://example.org/a.jpg", "http://example.org", "HTTPS://Example.org/x?y=1#z",
                         "/media/mAbc-480.webp", "/assets/logo.svg", "https://x.org:8443/p"}) {
    EXPECT_TRUE(is_allowed_link(ok)) << ok;
  }
}

TEST(LinkRule, RefusesScriptsDataAndEverythingElse) {
  for (const char* bad : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                          "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA",
                          "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x.jpg", "/etc/passwd",
                          "/media/../qalam.db", "https://", "https:///x", "https://user:pw@evil.example/",
                          "https://ex ample.org", "https://example.org/\"onerror=\"alert(1)",
                          "https://example.org/<x>", "java\tscript:alert(1)", "media/x.jpg", ""}) {
    EXPECT_FALSE(is_allowed_link(bad)) << bad;
  }
}

TEST(SocialLabel, NamesTheNetworkAsReadersKnowIt) {
  EXPECT_EQ(social_label("x", "@AzDemoVienna"), "X · @AzDemoVienna");
  EXPECT_EQ(social_label("youtube", ""), "YouTube");
  EXPECT_EQ(social_label("Facebook", "AzDemo"), "Facebook · AzDemo");
  EXPECT_EQ(social_label("odnoklassniki", "@a"), "Odnoklassniki · @a");
}

}  // namespace
}  // namespace qalam
