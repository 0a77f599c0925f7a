// The page at / of a static export. The server answers / with a redirect chosen from
// the reader's Accept-Language; a static host cannot, so this small page links every
// edition (hreflang), and a line of script takes a reader on to the edition of their
// browser's language, else the site's default. Without script the links stay.
#pragma once

#include <string>
#include <vector>

namespace qalam::static_site {

struct Edition {
  std::string lang;   // "az"
  std::string name;   // "Azərbaycanca", in its own language
  std::string title;  // the site's name in that language
};

// `logo`: the site's logo (site.logo, else the theme's /assets/logo.svg).
std::string root_page(const std::vector<Edition>& editions, const std::string& default_lang,
                      const std::string& base_url, const std::string& logo);

}  // namespace qalam::static_site
