// The international organisations Azerbaijan keeps permanent missions to (the missions
// directory): each with its code, its name in the site's languages and the cities of
// its seats with their countries.
//
//   find_organisation("OSCE"), find_organisation("united nations") → the entry
//   organisation_name("COE", "az") == "Avropa Şurası"
//   seat_country(*find_organisation("UN"), "Geneva") == "CH"
//
// Thread-safety: constant data.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace qalam {

struct OrganisationSeat {
  std::string_view city;     // in English, as missions record it
  std::string_view country;  // ISO 3166-1 alpha-2
};

struct Organisation {
  std::string_view code;  // "UN", "OSCE", "EU", "NATO", "UNESCO", "COE", "OIC", "CIS", "OTS"
  std::string_view en, az, ru;
  std::span<const OrganisationSeat> seats;
};

// By code or by name in any of the site's languages, case-insensitively; nullptr when
// none.
const Organisation* find_organisation(std::string_view code_or_name);
// The organisation's name in `lang` (English for other languages); empty for an
// unknown code.
std::string organisation_name(std::string_view code, std::string_view lang);
// The country of the organisation's seat in `city` (case-insensitive); empty when the
// city is none of its seats.
std::string seat_country(const Organisation& organisation, std::string_view city);
// Every code, for messages: "UN, OSCE, EU, …".
std::string organisation_codes();

}  // namespace qalam
