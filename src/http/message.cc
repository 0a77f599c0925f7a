#include "http/message.h"

#include <algorithm>

namespace qalam::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string_view Request::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

namespace {

// Calls f(key, raw value) for each pair of a query string until f returns true.
template <typename F>
bool find_query_pair(std::string_view q, F f) {
  size_t start = 0;
  while (start <= q.size()) {
    size_t amp = q.find('&', start);
    if (amp == std::string_view::npos) amp = q.size();
    std::string_view pair = q.substr(start, amp - start);
    start = amp + 1;
    size_t eq = pair.find('=');
    if (f(pair.substr(0, eq), eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1))) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> Request::query_param(std::string_view name) const {
  if (std::find(query_names_read.begin(), query_names_read.end(), name) == query_names_read.end()) {
    query_names_read.emplace_back(name);
  }
  std::optional<std::string> out;
  find_query_pair(query, [&](std::string_view key, std::string_view raw) {
    if (key != name) return false;
    std::string value(raw);
    for (char& c : value) {
      if (c == '+') c = ' ';
    }
    out = percent_decode(value);
    return true;
  });
  return out;
}

bool Request::has_query_param(std::string_view name) const {
  if (std::find(query_names_read.begin(), query_names_read.end(), name) == query_names_read.end()) {
    query_names_read.emplace_back(name);
  }
  return find_query_pair(query, [&](std::string_view key, std::string_view) { return key == name; });
}

bool Request::wants_json() const {
  std::string_view accept = header("Accept");
  if (accept.find("json") != std::string_view::npos) return true;
  return path.starts_with("/api/");
}

std::string Request::query_without(std::string_view name) const {
  query_echoed = true;
  std::string out;
  std::string_view rest = query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    std::string_view key = pair.substr(0, pair.find('='));
    if (pair.empty() || key == name) continue;
    if (!out.empty()) out += '&';
    out += pair;
  }
  return out;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  for (const Header& h : headers) {
    if (!iequals(h.name, "Cookie")) continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        std::string_view value = pair.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return std::string(value);
      }
    }
  }
  return std::nullopt;
}

void Response::set_header(std::string_view name, std::string value) {
  for (Header& h : headers) {
    if (iequals(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

std::string_view Response::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

Response Response::content(int status, std::string content_type, std::string body) {
  Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", std::move(content_type)});
  r.body = std::move(body);
  return r;
}

Response Response::redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.headers.push_back({"Location", std::move(location)});
  return r;
}

std::string serialize_head(const Response& response, bool keep_alive, bool http10) {
  std::string head;
  head.reserve(256);
  head += "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head += reason_phrase(response.status);
  head += "\r\nServer: qalam\r\n";
  for (const Header& h : response.headers) {
    if (h.name.empty() || h.name.find_first_of(std::string_view(":\r\n\0", 4)) != std::string::npos ||
        h.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      continue;
    }
    head += h.name;
    head += ": ";
    head += h.value;
    head += "\r\n";
  }
  bool bodiless = response.status == 304 || response.status == 204 || response.status < 200;
  if (!bodiless) {
    head += "Content-Length: ";
    head += std::to_string(response.payload().size());
    head += "\r\n";
  }
  if (!keep_alive) {
    head += "Connection: close\r\n";
  } else if (http10) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  return head;
}


std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

}  // namespace qalam::http
