#include "core/content.h"

#include <charconv>

#include "core/language.h"

namespace qalam {

const std::string& in_language(const Translations& t, std::string_view lang) {
  static const std::string empty;
  if (auto it = t.find(lang); it != t.end() && !it->second.empty()) return it->second;
  if (auto it = t.find("en"); it != t.end() && !it->second.empty()) return it->second;
  for (const auto& [l, text] : t) {
    if (!text.empty()) return text;
  }
  return empty;
}

bool press_reviewed_in(const PressItem& p, std::string_view lang) {
  auto title = p.review_title.find(lang);
  return title != p.review_title.end() && !title->second.empty();
}

const std::string& press_headline(const PressItem& p, std::string_view lang) {
  return press_reviewed_in(p, lang) ? p.review_title.find(lang)->second : p.title;
}

const std::string& press_summary(const PressItem& p, std::string_view lang) {
  if (!press_reviewed_in(p, lang)) return p.summary;
  auto review = p.review.find(lang);
  return review != p.review.end() && !review->second.empty() ? review->second : p.summary;
}

std::string_view section_kind_name(SectionKind kind) {
  switch (kind) {
    case SectionKind::articles: return "articles";
    case SectionKind::press_review: return "press_review";
    case SectionKind::projects: return "projects";
  }
  return "articles";
}

std::optional<SectionKind> parse_section_kind(std::string_view text) {
  for (SectionKind k : {SectionKind::articles, SectionKind::press_review, SectionKind::projects}) {
    if (section_kind_name(k) == text) return k;
  }
  return std::nullopt;
}

std::string_view article_status_name(ArticleStatus status) {
  switch (status) {
    case ArticleStatus::draft: return "draft";
    case ArticleStatus::review: return "review";
    case ArticleStatus::scheduled: return "scheduled";
    case ArticleStatus::published: return "published";
    case ArticleStatus::unpublished: return "unpublished";
  }
  return "draft";
}

std::optional<ArticleStatus> parse_article_status(std::string_view text) {
  for (ArticleStatus s : {ArticleStatus::draft, ArticleStatus::review, ArticleStatus::scheduled,
                          ArticleStatus::published, ArticleStatus::unpublished}) {
    if (article_status_name(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view mission_kind_name(MissionKind kind) {
  switch (kind) {
    case MissionKind::embassy: return "embassy";
    case MissionKind::consulate: return "consulate";
    case MissionKind::permanent_mission: return "permanent_mission";
  }
  return "embassy";
}

std::optional<MissionKind> parse_mission_kind(std::string_view text) {
  for (MissionKind k : {MissionKind::embassy, MissionKind::consulate, MissionKind::permanent_mission}) {
    if (mission_kind_name(k) == text) return k;
  }
  return std::nullopt;
}

bool is_site_language(std::string_view lang) {
  for (std::string_view l : site_languages) {
    if (l == lang) return true;
  }
  return false;
}

std::string_view negotiate_language(std::string_view header, std::string_view fallback) {
  std::string_view best = fallback;
  double best_q = 0;
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(start, comma - start);
    start = comma + 1;
    double q = 1.0;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (size_t qpos = params.find("q="); qpos != std::string_view::npos) {
        std::string_view qs = params.substr(qpos + 2);
        while (!qs.empty() && (qs.back() == ' ' || qs.back() == '\t')) qs.remove_suffix(1);
        auto [p, ec] = std::from_chars(qs.data(), qs.data() + qs.size(), q);
        if (ec != std::errc()) q = 0;
      }
    }
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    std::string_view primary = item.substr(0, item.find('-'));
    std::string lower(primary);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view l : site_languages) {
      if (l == lower && q > best_q) {
        best = l;
        best_q = q;
      }
    }
  }
  return best;
}

}  // namespace qalam
