#include "ingest/corpus_generator.h"

#include <boost/json.hpp>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "core/time_format.h"

namespace qalam::ingest {
namespace json = boost::json;
namespace {

struct Trio {
  const char* en;
  const char* az;
  const char* ru;
};

const char* pick(const Trio& t, int lang) { return lang == 0 ? t.az : lang == 1 ? t.en : t.ru; }
const char* lang_code(int lang) { return lang == 0 ? "az" : lang == 1 ? "en" : "ru"; }

constexpr std::array<Trio, 5> sections = {{
    {"Politics", "Siyasət", "Политика"},
    {"Economy", "İqtisadiyyat", "Экономика"},
    {"Security", "Təhlükəsizlik", "Безопасность"},
    {"Energy", "Enerji", "Энергетика"},
    {"Culture", "Mədəniyyət", "Культура"},
}};

constexpr std::array<Trio, 24> topics = {{
    {"Shusha", "Şuşa", "Шуша"},           {"Baku", "Bakı", "Баку"},
    {"Ganja", "Gəncə", "Гянджа"},         {"Nakhchivan", "Naxçıvan", "Нахчыван"},
    {"the Caspian Sea", "Xəzər dənizi", "Каспийское море"},
    {"the Middle Corridor", "Orta Dəhliz", "Средний коридор"},
    {"gas exports", "qaz ixracı", "экспорт газа"}, {"renewable energy", "bərpa olunan enerji", "возобновляемая энергетика"},
    {"the peace treaty", "sülh müqaviləsi", "мирный договор"}, {"border delimitation", "sərhədlərin delimitasiyası", "делимитация границ"},
    {"Türkiye", "Türkiyə", "Турция"},     {"Georgia", "Gürcüstan", "Грузия"},
    {"Iran", "İran", "Иран"},             {"Russia", "Rusiya", "Россия"},
    {"the European Union", "Avropa İttifaqı", "Европейский союз"}, {"Central Asia", "Mərkəzi Asiya", "Центральная Азия"},
    {"mine clearance", "minatəmizləmə", "разминирование"}, {"reconstruction", "bərpa işləri", "восстановление"},
    {"the oil fund", "neft fondu", "нефтяной фонд"},  {"inflation", "inflyasiya", "инфляция"},
    {"media freedom", "media azadlığı", "свобода СМИ"}, {"higher education", "ali təhsil", "высшее образование"},
    {"Karabakh", "Qarabağ", "Карабах"},   {"the Zangezur corridor", "Zəngəzur dəhlizi", "Зангезурский коридор"},
}};

constexpr std::array<Trio, 8> title_patterns = {{
    {"What {} means for the region", "{} region üçün nə deməkdir", "Что {} значит для региона"},
    {"The quiet politics of {}", "{}: səssiz siyasət", "Тихая политика: {}"},
    {"Five questions about {}", "{} haqqında beş sual", "Пять вопросов о теме: {}"},
    {"Why {} matters now", "{} niyə indi önəmlidir", "Почему {} важно сейчас"},
    {"{} after the war", "Müharibədən sonra {}", "{} после войны"},
    {"A new chapter for {}", "{} üçün yeni fəsil", "Новая глава: {}"},
    {"How {} is changing", "{} necə dəyişir", "Как меняется {}"},
    {"The long road to {}", "{} yolunda", "Долгий путь: {}"},
}};

constexpr std::array<Trio, 8> sentences = {{
    {"Officials in {} describe the past year as a turning point.", "{} rəsmiləri ötən ili dönüş nöqtəsi adlandırır.", "Официальные лица называют прошлый год переломным для темы: {}."},
    {"Analysts note that {} has moved to the centre of the debate.", "Analitiklər qeyd edir ki, {} müzakirələrin mərkəzinə keçib.", "Аналитики отмечают, что {} оказалось в центре дискуссии."},
    {"The figures published this spring show steady growth.", "Bu yaz dərc olunan rəqəmlər sabit artım göstərir.", "Опубликованные этой весной цифры показывают устойчивый рост."},
    {"Neighbouring capitals follow the process closely.", "Qonşu paytaxtlar prosesi diqqətlə izləyir.", "Соседние столицы внимательно следят за процессом."},
    {"Critics argue that the timetable is too ambitious.", "Tənqidçilər cədvəlin çox iddialı olduğunu düşünür.", "Критики считают график слишком амбициозным."},
    {"Residents say the changes are visible in everyday life.", "Sakinlər dəyişikliklərin gündəlik həyatda göründüyünü deyir.", "Жители говорят, что перемены заметны в повседневной жизни."},
    {"The debate over {} is unlikely to end soon.", "{} ətrafında mübahisələr tezliklə bitməyəcək.", "Споры вокруг темы «{}» вряд ли скоро закончатся."},
    {"Much depends on decisions expected next year.", "Çox şey gələn il gözlənilən qərarlardan asılıdır.", "Многое зависит от решений, ожидаемых в следующем году."},
}};

constexpr std::array<Trio, 12> first_names = {{
    {"Aysel", "Aysel", "Айсель"}, {"Elvin", "Elvin", "Эльвин"},   {"Gunel", "Günel", "Гюнель"},
    {"Rashad", "Rəşad", "Рашад"}, {"Leyla", "Leyla", "Лейла"},     {"Farid", "Fərid", "Фарид"},
    {"Nigar", "Nigar", "Нигяр"},  {"Tural", "Tural", "Турал"},     {"Sevinj", "Sevinc", "Севиндж"},
    {"Orkhan", "Orxan", "Орхан"}, {"Shahla", "Şəhla", "Шахла"},    {"Ilham", "İlham", "Ильхам"},
}};

constexpr std::array<Trio, 12> surnames = {{
    {"Mammadova", "Məmmədova", "Мамедова"}, {"Aliyev", "Əliyev", "Алиев"},       {"Huseynli", "Hüseynli", "Гусейнли"},
    {"Guliyev", "Quliyev", "Кулиев"},       {"Ismayilova", "İsmayılova", "Исмаилова"}, {"Jafarov", "Cəfərov", "Джафаров"},
    {"Hasanova", "Həsənova", "Гасанова"},   {"Babayev", "Babayev", "Бабаев"},   {"Suleymanli", "Süleymanlı", "Сулейманлы"},
    {"Karimov", "Kərimov", "Керимов"},      {"Rzayeva", "Rzayeva", "Рзаева"},   {"Nasirov", "Nəsirov", "Насиров"},
}};

std::string fill(const char* pattern, const char* word) {
  std::string s(pattern);
  size_t at = s.find("{}");
  if (at != std::string::npos) s.replace(at, 2, word);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}

json::object trio_object(const Trio& t) { return {{"en", t.en}, {"az", t.az}, {"ru", t.ru}}; }

void emit(std::ostream& out, const json::object& o) { out << json::serialize(o) << '\n'; }

}  // namespace

void generate_corpus(const CorpusOptions& options, std::ostream& out) {
  std::mt19937_64 rng(options.seed);
  auto uniform = [&](uint64_t n) { return static_cast<size_t>(rng() % n); };
  const std::string prefix = options.slug_prefix;

  for (size_t i = 0; i < sections.size(); ++i) {
    emit(out, {{"type", "section"}, {"slug", prefix + slugify(sections[i].en)}, {"kind", "articles"},
               {"position", static_cast<int>(i) + 2}, {"name", trio_object(sections[i])}});
  }
  for (const Trio& t : topics) {
    emit(out, {{"type", "tag"}, {"slug", prefix + slugify(t.en)}, {"name", trio_object(t)}});
  }
  std::vector<std::string> authors;
  for (size_t i = 0; i < 24; ++i) {
    const Trio& f = first_names[i % first_names.size()];
    const Trio& s = surnames[(i * 7 + 3 + i / 12) % surnames.size()];
    std::string slug = prefix + slugify(std::string(f.en) + " " + s.en);
    authors.push_back(slug);
    emit(out, {{"type", "author"}, {"slug", slug},
               {"name", json::object{{"en", std::string(f.en) + " " + s.en}, {"az", std::string(f.az) + " " + s.az},
                                     {"ru", std::string(f.ru) + " " + s.ru}}},
               {"bio", json::object{{"en", "Writes about the South Caucasus."},
                                    {"az", "Cənubi Qafqaz haqqında yazır."},
                                    {"ru", "Пишет о Южном Кавказе."}}}});
  }

  // Pieces: each story appears in one to three languages, linked by its translation group.
  const int64_t base = 1514764800;  // 2018-01-01
  const int64_t span = 8LL * 365 * 86400;
  int64_t written = 0, story = 0;
  while (written < options.articles) {
    ++story;
    size_t topic = uniform(topics.size()), pattern = uniform(title_patterns.size()), section = uniform(sections.size());
    int64_t when = base + static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
    size_t languages = 1 + uniform(3);
    size_t first = uniform(3);
    std::string group = prefix + "story-" + std::to_string(story);
    std::vector<std::string> byline{authors[uniform(authors.size())]};
    if (uniform(5) == 0) byline.push_back(authors[uniform(authors.size())]);
    if (byline.size() == 2 && byline[0] == byline[1]) byline.pop_back();
    json::array tags{json::value(prefix + slugify(topics[topic].en))};
    size_t extra = uniform(topics.size());
    if (extra != topic) tags.push_back(json::value(prefix + slugify(topics[extra].en)));
    bool featured = uniform(40) == 0 && options.featured;
    const std::pair<std::string, std::string>* image =
        options.images.empty() || story % 3 != 0 ? nullptr : &options.images[(story / 3) % options.images.size()];
    for (size_t k = 0; k < languages && written < options.articles; ++k, ++written) {
      int lang = static_cast<int>((first + k) % 3);
      const char* word = pick(topics[topic], lang);
      std::string title = fill(pick(title_patterns[pattern], lang), word) + " (" + std::to_string(story) + ")";
      std::string lead = fill(pick(sentences[uniform(sentences.size())], lang), word) + " " +
                         fill(pick(sentences[uniform(sentences.size())], lang), word);
      std::string body;
      int paragraphs = 3 + static_cast<int>(uniform(4));
      for (int p = 0; p < paragraphs; ++p) {
        if (p == 2) body += "## " + fill(pick(title_patterns[(pattern + 1) % title_patterns.size()], lang), word) + "\n\n";
        for (int s = 0; s < 3; ++s) body += fill(pick(sentences[uniform(sentences.size())], lang), word) + " ";
        body += "\n\n";
      }
      body += "- " + std::string(pick(topics[extra], lang)) + "\n- ~~" + std::string(pick(topics[topic], lang)) + "~~ " +
              pick(topics[(topic + 1) % topics.size()], lang) + "\n\n";
      if (uniform(4) == 0) {
        body += "| " + std::string(lang == 0 ? "İl" : lang == 1 ? "Year" : "Год") + " | % |\n| --- | ---: |\n| 2022 | " +
                std::to_string(uniform(50)) + " |\n| 2023 | " + std::to_string(uniform(50)) + " |\n\n";
      }
      body += "https://example.org/sources/" + std::to_string(story) + "\n";
      json::object piece{{"type", "article"}, {"lang", lang_code(lang)}, {"translation_group", group},
                         {"slug", prefix + slugify(title)}, {"title", title}, {"lead", lead}, {"body", body},
                         {"published_at", rfc3339(from_unix(when + static_cast<int64_t>(k) * 3600))},
                         {"authors", json::array(byline.begin(), byline.end())},
                         {"section", prefix + slugify(sections[section].en)}, {"tags", tags}, {"featured", featured}};
      if (image != nullptr) {
        piece["image"] = image->first;
        piece["image_alt"] = image->second;
      }
      emit(out, piece);
    }
  }
  // Foreign press: one item every few days across the span.
  for (int64_t i = 0; i < std::max<int64_t>(10, options.articles / 20); ++i) {
    const Trio& t = topics[uniform(topics.size())];
    std::string url = "https://press.example.org/" + prefix + "item-" + std::to_string(i);
    // Older than the demo seed's press items (November 2020), which thus lead the list.
    const int64_t press_span = 1593475200 - base;  // until 2020-06-30
    int64_t day = base + static_cast<int64_t>(rng() % static_cast<uint64_t>(press_span));
    emit(out, {{"type", "press_item"}, {"outlet", "Example Review"}, {"outlet_url", "https://press.example.org"},
               {"url", url}, {"lang", "en"}, {"date", iso_date(from_unix(day))}, {"title", fill("Report: {} in focus", t.en)},
               {"summary", fill("A foreign outlet looks at {} and what it means for the South Caucasus.", t.en)}});
  }
}

}  // namespace qalam::ingest
