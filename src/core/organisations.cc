#include "core/organisations.h"

#include <array>

#include "core/text.h"

namespace qalam {
namespace {

constexpr OrganisationSeat un_seats[] = {{"New York", "US"}, {"Geneva", "CH"}, {"Vienna", "AT"}, {"Nairobi", "KE"}};
constexpr OrganisationSeat osce_seats[] = {{"Vienna", "AT"}, {"Warsaw", "PL"}};
constexpr OrganisationSeat eu_seats[] = {{"Brussels", "BE"}, {"Strasbourg", "FR"}, {"Luxembourg", "LU"}};
constexpr OrganisationSeat nato_seats[] = {{"Brussels", "BE"}};
constexpr OrganisationSeat unesco_seats[] = {{"Paris", "FR"}};
constexpr OrganisationSeat coe_seats[] = {{"Strasbourg", "FR"}};
constexpr OrganisationSeat oic_seats[] = {{"Jeddah", "SA"}};
constexpr OrganisationSeat cis_seats[] = {{"Minsk", "BY"}, {"Moscow", "RU"}};
constexpr OrganisationSeat ots_seats[] = {{"Istanbul", "TR"}};

constexpr std::array<Organisation, 9> organisations = {{
    {"UN", "United Nations", "Birləşmiş Millətlər Təşkilatı", "Организация Объединённых Наций", un_seats},
    {"OSCE", "Organization for Security and Co-operation in Europe", "Avropada Təhlükəsizlik və Əməkdaşlıq Təşkilatı",
     "Организация по безопасности и сотрудничеству в Европе", osce_seats},
    {"EU", "European Union", "Avropa İttifaqı", "Европейский союз", eu_seats},
    {"NATO", "North Atlantic Treaty Organization", "Şimali Atlantika Müqaviləsi Təşkilatı",
     "Организация Североатлантического договора", nato_seats},
    {"UNESCO", "UNESCO", "YUNESKO", "ЮНЕСКО", unesco_seats},
    {"COE", "Council of Europe", "Avropa Şurası", "Совет Европы", coe_seats},
    {"OIC", "Organisation of Islamic Cooperation", "İslam Əməkdaşlıq Təşkilatı", "Организация исламского сотрудничества",
     oic_seats},
    {"CIS", "Commonwealth of Independent States", "Müstəqil Dövlətlər Birliyi", "Содружество Независимых Государств",
     cis_seats},
    {"OTS", "Organization of Turkic States", "Türk Dövlətləri Təşkilatı", "Организация тюркских государств", ots_seats},
}};

}  // namespace

const Organisation* find_organisation(std::string_view code_or_name) {
  std::string wanted = fold(code_or_name);
  if (wanted.empty()) return nullptr;
  for (const Organisation& o : organisations) {
    for (std::string_view name : {o.code, o.en, o.az, o.ru}) {
      if (fold(name) == wanted) return &o;
    }
  }
  return nullptr;
}

std::string organisation_name(std::string_view code, std::string_view lang) {
  for (const Organisation& o : organisations) {
    if (o.code != code) continue;
    return std::string(lang == "az" ? o.az : lang == "ru" ? o.ru : o.en);
  }
  return {};
}

std::string seat_country(const Organisation& organisation, std::string_view city) {
  std::string wanted = fold(city);
  for (const OrganisationSeat& s : organisation.seats) {
    if (fold(s.city) == wanted) return std::string(s.country);
  }
  return {};
}

std::string organisation_codes() {
  std::string out;
  for (const Organisation& o : organisations) out += (out.empty() ? "" : ", ") + std::string(o.code);
  return out;
}

}  // namespace qalam
