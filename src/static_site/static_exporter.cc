#include "static_site/static_exporter.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/language.h"
#include "http/compression.h"
#include "site/links.h"
#include "store/change_keys.h"
#include "static_site/static_paths.h"

namespace qalam::static_site {
namespace {

// The site's own pages a crawl follows links to; assets and media are copied whole.
bool is_page_address(std::string_view path) {
  if (path == "/robots.txt" || path == "/sitemap.xml" || path.starts_with("/sitemaps/")) return true;
  return path.size() >= 4 && path[0] == '/' && path[3] == '/' && is_site_language(path.substr(1, 2));
}

bool is_markup(std::string_view content_type) {
  return content_type.starts_with("text/html") || content_type.find("xml") != std::string_view::npos ||
         content_type.find("json") != std::string_view::npos;
}

// A file's identity without reading it: size and modification time.
std::string signature(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

class StaticExporter::Run {
 public:
  Run(const StaticExporter& exporter, const ExportOptions& options, const std::function<void(size_t, size_t)>& progress)
      : router_(exporter.router_), store_(exporter.store_), files_(exporter.files_), clock_(exporter.clock_),
        options_(options), progress_(progress) {}
  ~Run() {
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  Result<ExportReport> go() {
    QALAM_RETURN_IF_ERROR(prepare());
    Status s = build();
    if (!s.ok()) {
      (void)files_.remove_all(staging_);
      return s;
    }
    return report_;
  }

 private:
  struct Task {
    std::string path;
    std::string referrer;  // the page that linked here; empty for a root
  };

  // Reads the last run's manifest, decides what to render, makes the new tree's folder.
  Status prepare() {
    const std::filesystem::path& out = options_.out;
    std::error_code ec;
    bool exists = std::filesystem::exists(out, ec);
    if (exists && !std::filesystem::is_directory(out, ec)) {
      return Status::invalid(out.string() + " is not a folder");
    }
    if (exists) {
      auto manifest = read_manifest(files_, out);
      if (manifest.ok()) {
        old_ = std::move(manifest).value();
        have_old_ = true;
      } else if (manifest.status().code() != StatusCode::not_found) {
        return manifest.status();
      } else if (std::filesystem::directory_iterator(out, ec) != std::filesystem::directory_iterator()) {
        return Status::invalid(out.string() +
                                        " holds files that are not a static export of qalam (no .qalam-export.json): "
                                        "choose a new or empty folder");
      }
    }
    // One run at a time per OUT: a second would take the first one's tree for a
    // leftover. The lock is the kernel's, gone with the process however it ends.
    std::filesystem::path parent = out.parent_path().empty() ? std::filesystem::path(".") : out.parent_path();
    const std::filesystem::path lock_path = parent / (out.filename().string() + ".qalam-lock");
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) return Status::unavailable("cannot open " + lock_path.string() + ": " + std::strerror(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      return Status::conflict("another qalam export-static is writing " + out.string() + " (" + lock_path.string() +
                              " is locked); wait for it to finish");
    }
    // A run killed before its swap left its tree beside OUT.
    const std::string prefix = out.filename().string() + ".qalam-new-";
    for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
      if (entry.path().filename().string().starts_with(prefix)) (void)files_.remove_all(entry.path());
    }
    staging_ = parent / (prefix + std::to_string(::getpid()));
    QALAM_RETURN_IF_ERROR(files_.make_directories(staging_));

    auto changes = store_.changes_since(have_old_ ? old_.position : 0);
    if (!changes.ok()) return changes.status();
    next_.position = changes->position;
    next_.fingerprint = options_.fingerprint;
    if (!have_old_) {
      report_.why_full = "no earlier export in " + out.string();
    } else if (options_.full) {
      report_.why_full = "--full";
    } else if (old_.fingerprint != options_.fingerprint) {
      report_.why_full = "qalam, the theme or the site's options changed since the last export";
    } else if (!changes->complete) {
      report_.why_full = "the change log no longer reaches back to the last export";
    } else {
      for (const std::string& k : changes->keys) {
        if (k == store::change_keys::everything) report_.why_full = "the database lost track of its changes";
        changed_.insert(k);
      }
    }
    report_.full = !report_.why_full.empty();
    return Status::ok_status();
  }

  Status build() {
    // Roots and the addresses of the records (articles are reached through the sitemaps
    // and archives); in an incremental run only those not exported yet, and the
    // exported pages that show something changed.
    std::vector<std::string> starts = options_.roots;
    QALAM_RETURN_IF_ERROR(add_record_addresses(starts));
    for (const std::string& path : starts) {
      if (report_.full || !old_.pages.contains(path)) enqueue({path, {}});
    }
    if (!report_.full) {
      std::vector<bool> changed(old_.keys.size());
      for (size_t i = 0; i < old_.keys.size(); ++i) changed[i] = changed_.contains(old_.keys[i]);
      const int64_t now = unix_now();
      for (const auto& [path, entry] : old_.pages) {
        if (entry.expires != 0 && entry.expires <= now) {
          enqueue({path, {}});  // shows what time changes (the news sitemap)
          continue;
        }
        for (uint32_t k : entry.keys) {
          if (changed[k]) {
            enqueue({path, {}});
            break;
          }
        }
      }
    }
    QALAM_RETURN_IF_ERROR(crawl());
    // The pages not rendered keep their files; one whose file went missing is rendered.
    if (!report_.full) {
      for (const auto& [path, entry] : old_.pages) {
        std::lock_guard lock(mutex_);
        if (seen_.contains(path)) continue;
        if (keep_file(file_for_path(path))) {
          PageEntry kept{entry.hash, {}, entry.expires};
          for (uint32_t k : entry.keys) kept.keys.push_back(next_.intern(old_.keys[k], key_index_));
          next_.pages[path] = std::move(kept);
        } else {
          seen_.emplace(path);
          queue_.push_back({path, {}});
        }
      }
      QALAM_RETURN_IF_ERROR(crawl());
    }
    for (const auto& [name, path] : options_.error_pages) QALAM_RETURN_IF_ERROR(put_error_page(name, path));
    for (const auto& [name, bytes] : options_.extras) QALAM_RETURN_IF_ERROR(put_file(name, bytes, content_hash(bytes)));
    for (const auto& [name, dir] : options_.folders) QALAM_RETURN_IF_ERROR(put_folder(name, dir));

    for (const auto& [path, entry] : old_.pages) report_.removed += next_.pages.contains(path) ? 0 : 1;
    for (const auto& [name, entry] : old_.files) report_.removed += next_.files.contains(name) ? 0 : 1;
    report_.pages = next_.pages.size();
    report_.rendered = rendered_;
    report_.written = written_;
    report_.kept = kept_;
    report_.bytes_written = bytes_written_;
    std::sort(report_.broken_links.begin(), report_.broken_links.end());

    // What the crawl kept is no longer needed: freed before the manifest is built (on a
    // large site each is tens of megabytes).
    std::unordered_set<std::string>().swap(seen_);
    std::unordered_map<std::string, uint32_t>().swap(key_index_);
    old_ = Manifest();
    QALAM_RETURN_IF_ERROR(files_.write(staging_ / manifest_file, serialize_manifest(next_)));
    std::error_code ec;
    if (std::filesystem::exists(options_.out, ec)) {
      QALAM_RETURN_IF_ERROR(files_.exchange(staging_, options_.out));
      (void)files_.remove_all(staging_);  // the old tree, now
    } else {
      QALAM_RETURN_IF_ERROR(files_.rename(staging_, options_.out));
    }
    return Status::ok_status();
  }

  // The pages of every author, section, tag and project; articles are reached through
  // the sitemaps and archives that list them all (an enumeration of 100,000 pieces with
  // their translations cost a quarter of the export's time).
  Status add_record_addresses(std::vector<std::string>& into) {
    auto authors = store_.authors().all();
    auto sections = store_.sections().all();
    auto tags = store_.tags().all();
    auto projects = store_.projects().all();
    for (const Status& s : {authors.status(), sections.status(), tags.status(), projects.status()}) {
      QALAM_RETURN_IF_ERROR(s);
    }
    for (std::string_view lang : site_languages) {
      for (const auto& a : *authors) into.push_back(site::author_path(lang, a.slug));
      for (const auto& s : *sections) into.push_back(site::section_path(lang, s.slug));
      for (const auto& t : *tags) into.push_back(site::tag_path(lang, t.slug));
      for (const auto& p : *projects) into.push_back(site::project_path(lang, p.slug));
    }
    return Status::ok_status();
  }

  int64_t unix_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  }

  // Must hold mutex_.
  void enqueue_locked(Task task) {
    // Looked up before it is added: most links of a page lead where the crawl has been,
    // and emplace would copy the address into a new node first.
    if (seen_.contains(task.path)) return;
    seen_.insert(task.path);
    queue_.push_back(std::move(task));
  }
  void enqueue(Task task) {
    std::lock_guard lock(mutex_);
    enqueue_locked(std::move(task));
  }

  // Renders the queue on the jobs' threads until it is empty and nobody is adding.
  Status crawl() {
    std::vector<std::thread> threads;
    int jobs = std::max(1, options_.jobs);
    for (int i = 0; i < jobs; ++i) threads.emplace_back([this] { work(); });
    for (auto& t : threads) t.join();
    std::lock_guard lock(mutex_);
    return failure_;
  }

  void work() {
    while (true) {
      Task task;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return !queue_.empty() || busy_ == 0 || !failure_.ok(); });
        if (!failure_.ok() || queue_.empty()) {
          wake_.notify_all();
          return;
        }
        task = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
      }
      Status s = export_page(task);
      {
        std::lock_guard lock(mutex_);
        --busy_;
        if (!s.ok() && failure_.ok()) failure_ = s;
        ++done_;
      }
      wake_.notify_all();
      if (progress_) progress_(done_.load(), seen_count());
    }
  }

  size_t seen_count() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }

  http::Response fetch(const std::string& path) const {
    http::Request request;
    request.method = "GET";
    request.target = path;
    request.path = path;
    request.remote_address = request.peer_address = "127.0.0.1";
    return router_.dispatch(request);
  }

  Status export_page(const Task& task) {
    http::Response r = fetch(task.path);
    ++rendered_;
    if (r.status == 404 || r.status == 410 || r.status == 301 || r.status == 302 || r.status == 308) {
      // Not a page (any more): left out. A link to it from a page is broken, unless it
      // is a redirect the maps carry.
      if (!task.referrer.empty() && r.status >= 400) {
        std::lock_guard lock(mutex_);
        report_.broken_links.push_back(task.referrer + " → " + task.path + " (" + std::to_string(r.status) + ")");
      }
      return Status::ok_status();
    }
    if (r.status != 200) {
      return Status::unavailable("the page " + task.path + " answered " + std::to_string(r.status) +
                                 " (see the log above): nothing was changed in " + options_.out.string());
    }
    std::string_view body = r.payload();
    const std::string file = file_for_path(task.path);
    if (file.empty()) return Status::ok_status();
    std::string hash = content_hash(body);
    auto old = old_.pages.find(task.path);
    bool same = old != old_.pages.end() && old->second.hash == hash;
    if (!(same && keep_file(file))) QALAM_RETURN_IF_ERROR(write_file(file, body));
    std::vector<std::string_view> links;
    if (is_markup(r.header("Content-Type"))) links = internal_links(body, options_.base_url);
    std::lock_guard lock(mutex_);
    PageEntry entry{std::move(hash), {}, r.cache_ttl.count() > 0 ? unix_now() + r.cache_ttl.count() : 0};
    for (const std::string& k : r.cache_keys) entry.keys.push_back(next_.intern(k, key_index_));
    next_.pages[task.path] = std::move(entry);
    std::string link;
    for (std::string_view view : links) {
      link.assign(view);
      if (seen_.contains(link)) continue;  // most links: asked first, it is the cheapest test
      if (!is_page_address(link) || file_for_path(link).empty()) continue;
      if (!report_.full && old_.pages.contains(link)) continue;  // kept as it is
      enqueue_locked({link, task.path});
    }
    wake_.notify_all();
    return Status::ok_status();
  }

  Status put_error_page(const std::string& name, const std::string& path) {
    http::Response r = fetch(path);
    if (r.status != 404) {
      return Status::internal("the error page at " + path + " answered " + std::to_string(r.status) + ", not 404");
    }
    std::string body(r.payload());
    return put_file(name, body, content_hash(body));
  }

  // A file other than a page: kept from the last run when its hash is the same.
  Status put_file(const std::string& name, std::string_view bytes, const std::string& hash) {
    auto it = old_.files.find(name);
    if (!(it != old_.files.end() && it->second.hash == hash && keep_file(name))) {
      QALAM_RETURN_IF_ERROR(write_file(name, bytes));
    }
    next_.files[name] = FileEntry{hash};
    return Status::ok_status();
  }

  // A folder's files under `name/`: linked from the source (no copy where the disk
  // allows), with precompressed copies of text; kept when size and time are the same.
  Status put_folder(const std::string& name, const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return Status::ok_status();
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string relative = std::filesystem::relative(it->path(), dir, ec).generic_string();
      if (ec || relative.starts_with('.') || relative.find("/.") != std::string::npos) continue;
      std::string file = name + "/" + relative;
      if (next_.files.contains(file)) continue;  // a theme's own file before a fallback's
      std::string sig = signature(it->path());
      auto old = old_.files.find(file);
      if (old != old_.files.end() && old->second.hash == sig && keep_file(file)) {
        next_.files[file] = FileEntry{sig};
        continue;
      }
      QALAM_RETURN_IF_ERROR(make_parent(file));
      QALAM_RETURN_IF_ERROR(files_.link(it->path(), staging_ / file));
      ++written_;
      if (options_.compress && is_compressible(file)) {
        auto bytes = files_.read(it->path());
        if (!bytes.ok()) return bytes.status();
        QALAM_RETURN_IF_ERROR(write_compressed(file, *bytes));
      }
      next_.files[file] = FileEntry{sig};
    }
    if (ec) return Status::unavailable("cannot read " + dir.string() + ": " + ec.message());
    return Status::ok_status();
  }

  // Links a file of the last run (and its precompressed copies) into the new tree;
  // false when any is missing there (the caller writes it afresh).
  bool keep_file(const std::string& file) {
    if (file.empty()) return false;
    std::vector<std::string> names{file};
    if (options_.compress && is_compressible(file)) {
      names.push_back(file + ".gz");
      names.push_back(file + ".br");
    }
    if (!make_parent(file).ok()) return false;
    for (size_t i = 0; i < names.size(); ++i) {
      if (!files_.link(options_.out / names[i], staging_ / names[i]).ok()) {
        for (size_t j = 0; j < i; ++j) files_.remove(staging_ / names[j]);
        return false;
      }
    }
    kept_ += names.size();
    return true;
  }

  Status write_file(const std::string& file, std::string_view bytes) {
    QALAM_RETURN_IF_ERROR(make_parent(file));
    QALAM_RETURN_IF_ERROR(files_.write(staging_ / file, bytes));
    ++written_;
    bytes_written_ += bytes.size();
    if (options_.compress && is_compressible(file)) QALAM_RETURN_IF_ERROR(write_compressed(file, bytes));
    return Status::ok_status();
  }

  Status write_compressed(const std::string& file, std::string_view bytes) {
    // Quality 5: near gzip's speed with most of brotli's gain; the export compresses
    // every page of the site.
    for (auto [suffix, packed] : {std::pair<const char*, std::string>{".gz", http::gzip_compress(bytes)},
                                  std::pair<const char*, std::string>{".br", http::brotli_compress(bytes, 5)}}) {
      if (packed.empty() && !bytes.empty()) return Status::internal("cannot compress " + file);
      QALAM_RETURN_IF_ERROR(files_.write(staging_ / (file + suffix), packed));
      ++written_;
      bytes_written_ += packed.size();
    }
    return Status::ok_status();
  }

  Status make_parent(const std::string& file) {
    std::filesystem::path dir = (staging_ / file).parent_path();
    {
      std::lock_guard lock(dirs_mutex_);
      if (dirs_.contains(dir.native())) return Status::ok_status();
    }
    QALAM_RETURN_IF_ERROR(files_.make_directories(dir));
    std::lock_guard lock(dirs_mutex_);
    dirs_.insert(dir.native());
    return Status::ok_status();
  }

  const http::Router& router_;
  store::Store& store_;
  Files& files_;
  const Clock& clock_;
  const ExportOptions& options_;
  const std::function<void(size_t, size_t)>& progress_;

  Manifest old_;
  bool have_old_ = false;
  Manifest next_;
  std::unordered_map<std::string, uint32_t> key_index_;  // next_.keys by key (guarded by mutex_)
  std::unordered_set<std::string> changed_;
  std::filesystem::path staging_;
  int lock_fd_ = -1;  // OUT.qalam-lock, held for the run
  ExportReport report_;

  std::mutex mutex_;  // guards the queue, seen_, next_, report_.broken_links, failure_
  std::condition_variable wake_;
  std::deque<Task> queue_;
  std::unordered_set<std::string> seen_;
  int busy_ = 0;
  Status failure_;
  std::atomic<size_t> done_{0}, rendered_{0}, written_{0}, kept_{0};
  std::atomic<uint64_t> bytes_written_{0};
  std::mutex dirs_mutex_;
  std::unordered_set<std::string> dirs_;
};

StaticExporter::StaticExporter(const http::Router& public_routes, store::Store& store, Files& files,
                               const Clock& clock)
    : router_(public_routes), store_(store), files_(files), clock_(clock) {}

Result<ExportReport> StaticExporter::run(const ExportOptions& options,
                                         const std::function<void(size_t, size_t)>& on_progress) {
  Run run(*this, options, on_progress);
  return run.go();
}

}  // namespace qalam::static_site
