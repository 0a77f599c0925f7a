// The search index's rowids (migrations 0003 and 0006), spelled once: a thing's rows
// are numbered rowid = (ref * 4 + kind) * 4 + language slot, so kind, reference and
// language are read from the rowid alone — never from a matched row's stored columns —
// and one thing's rows are the range [(ref * 4 + kind) * 4, … + 3]. Private to the
// SQLite backend; other backends index as suits them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qalam::store::sqlite::search_rowid {

enum Kind : int { article = 0, press = 1, author = 2, project = 3 };

// az, en, ru; 3 for anything else.
constexpr int64_t slot_of(std::string_view lang) { return lang == "az" ? 0 : lang == "en" ? 1 : lang == "ru" ? 2 : 3; }

constexpr int64_t make(int64_t ref, Kind kind, int64_t slot) { return (ref * 4 + kind) * 4 + slot; }
constexpr int64_t first_of(int64_t ref, Kind kind) { return make(ref, kind, 0); }  // the range's start
constexpr int64_t ref_of(int64_t rowid) { return rowid >> 4; }
constexpr int kind_of(int64_t rowid) { return static_cast<int>((rowid >> 2) & 3); }
constexpr int64_t slot_of_rowid(int64_t rowid) { return rowid & 3; }
// An article's language and kind together (rowid & 15): its rows of one language.
constexpr int64_t kind_and_slot(Kind kind, int64_t slot) { return kind * 4 + slot; }

// The same in SQL, over a rowid expression such as "s.rowid".
inline std::string sql_ref(std::string_view rowid) { return "(" + std::string(rowid) + " >> 4)"; }
inline std::string sql_kind(std::string_view rowid) { return "(" + std::string(rowid) + " >> 2 & 3)"; }
inline std::string sql_slot(std::string_view rowid) { return "(" + std::string(rowid) + " & 3)"; }
inline std::string sql_kind_and_slot(std::string_view rowid) { return "(" + std::string(rowid) + " & 15)"; }
// The rowid of a row from its reference and language columns.
inline std::string sql_make(std::string_view ref, Kind kind, std::string_view lang) {
  return "((" + std::string(ref) + " * 4 + " + std::to_string(static_cast<int>(kind)) + ") * 4 + (CASE " +
         std::string(lang) + " WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END))";
}

}  // namespace qalam::store::sqlite::search_rowid
