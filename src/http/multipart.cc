#include "http/multipart.h"

#include <algorithm>

namespace qalam::http {
namespace {

// The value of `key` among "; key=value" parameters (quoted or not).
std::optional<std::string> header_param(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = trim_ows(header.substr(pos));
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (!iequals(trim_ows(rest.substr(0, eq)), key)) continue;
    std::string_view v = rest.substr(eq + 1);
    if (!v.empty() && v.front() == '"') {
      std::string out;
      for (size_t i = 1; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) out += v[++i];
        else if (v[i] == '"') return out;
        else out += v[i];
      }
      return std::nullopt;
    }
    size_t end = v.find(';');
    return std::string(trim_ows(v.substr(0, end)));
  }
  return std::nullopt;
}

std::optional<std::string> form_decode(std::string_view s) {
  std::string plus(s);
  for (char& c : plus) if (c == '+') c = ' ';
  return percent_decode(plus);
}

}  // namespace

std::optional<std::string> Form::get(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return f.value;
  }
  return std::nullopt;
}

std::vector<std::string> Form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    if (f.name == name) out.push_back(f.value);
  }
  return out;
}

const FormField* Form::file(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name && !f.filename.empty()) return &f;
  }
  return nullptr;
}

Result<Form> parse_urlencoded(std::string_view body, size_t max_fields) {
  if (static_cast<size_t>(std::count(body.begin(), body.end(), '&')) >= max_fields) {
    return Status::too_large("the form has more than " + std::to_string(max_fields) + " fields");
  }
  Form form;
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = form_decode(pair.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return Status::invalid("the form data has a malformed %-escape");
    form.fields.push_back({std::move(*name), "", "", std::move(*value)});
  }
  return form;
}

Result<Form> parse_multipart(std::string_view body, std::string_view boundary, size_t max_fields) {
  if (boundary.empty() || boundary.size() > 70) return Status::invalid("multipart: a bad boundary");
  const std::string delimiter = "--" + std::string(boundary);
  Form form;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Status::invalid("multipart: no boundary in the body");
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return form;  // the closing delimiter
    if (form.fields.size() >= max_fields) {
      return Status::too_large("the form has more than " + std::to_string(max_fields) + " fields");
    }
    if (body.substr(pos, 2) != "\r\n") return Status::invalid("multipart: a malformed delimiter line");
    pos += 2;
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return Status::invalid("multipart: a part without a blank line after its headers");
    FormField field;
    bool named = false;
    std::string_view heads = body.substr(pos, head_end - pos);
    while (!heads.empty()) {
      size_t eol = heads.find("\r\n");
      std::string_view line = heads.substr(0, eol);
      heads = eol == std::string_view::npos ? std::string_view{} : heads.substr(eol + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) return Status::invalid("multipart: a malformed part header");
      std::string_view name = trim_ows(line.substr(0, colon)), value = trim_ows(line.substr(colon + 1));
      if (iequals(name, "Content-Disposition")) {
        auto n = header_param(value, "name");
        if (!n) return Status::invalid("multipart: a part without a name");
        field.name = *n;
        field.filename = header_param(value, "filename").value_or("");
        named = true;
      } else if (iequals(name, "Content-Type")) {
        field.content_type = std::string(value);
      }
    }
    if (!named) return Status::invalid("multipart: a part without Content-Disposition");
    size_t data = head_end + 4;
    size_t next = body.find("\r\n" + delimiter, data);
    if (next == std::string_view::npos) return Status::invalid("multipart: the body ends inside a part");
    field.value = std::string(body.substr(data, next - data));
    form.fields.push_back(std::move(field));
    pos = next + 2 + delimiter.size();
  }
}

Result<Form> parse_form(const Request& request, const FormLimits& limits) {
  if (request.body.size() > limits.max_bytes) {
    return Status::too_large("the form is larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  std::string_view type = request.header("Content-Type");
  std::string_view media = trim_ows(type.substr(0, type.find(';')));
  if (iequals(media, "application/x-www-form-urlencoded")) return parse_urlencoded(request.body, limits.max_fields);
  if (iequals(media, "multipart/form-data")) {
    auto boundary = header_param(type, "boundary");
    if (!boundary) return Status::invalid("multipart: no boundary in Content-Type");
    return parse_multipart(request.body, *boundary, limits.max_fields);
  }
  return Status::invalid("send the form as application/x-www-form-urlencoded or multipart/form-data");
}

}  // namespace qalam::http
