#include "app/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "core/testing/temp_dir.h"

namespace qalam::app {
namespace {
namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  Result<Config> load(const std::string& toml, std::map<std::string, std::string> env = {}) {
    std::ofstream(dir_ / "qalam.toml") << toml;
    return load_config(dir_.path(), [env](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    });
  }
  std::string file() const { return (dir_ / "qalam.toml").string(); }
  qalam::testing::TempDir dir_{"qalam_config"};
};

TEST_F(ConfigTest, DefaultFileLoadsWithEveryDefault) {
  auto c = load(default_config_text());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->server.host, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->server.threads, 2);
  EXPECT_EQ(c->database.path, dir_ / "qalam.db");
  EXPECT_EQ(c->database.cache_mb, 64);
  EXPECT_EQ(c->site.theme, "default");
  EXPECT_TRUE(c->log.access);
}

TEST_F(ConfigTest, DefaultFileCommentsEverySetting) {
  std::string text = default_config_text();
  for (const char* key : {"listen =", "threads =", "max_connections =", "header_limit_bytes =",
                          "body_limit_bytes =", "header_timeout_ms =", "idle_timeout_ms =",
                          "shutdown_timeout_ms =", "path =", "busy_timeout_ms =", "cache_mb =", "level =", "access ="}) {
    size_t at = text.find(std::string("\n") + key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_EQ(text[text.rfind('\n', at - 1) + 1], '#') << key << " has no comment above it";
  }
}

TEST_F(ConfigTest, EnvironmentOverridesTheFile) {
  auto c = load("[server]\nthreads = 3\n", {{"QALAM_SERVER_THREADS", "7"}, {"QALAM_SERVER_LISTEN", "[::1]:9000"},
                                          {"QALAM_LOG_ACCESS", "false"}});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->server.threads, 7);
  EXPECT_EQ(c->server.host, "::1");
  EXPECT_EQ(c->server.port, 9000);
  EXPECT_FALSE(c->log.access);
}

TEST_F(ConfigTest, UnknownKeyNamesFileAndLine) {
  auto c = load("[server]\nthreads = 2\nthreds = 4\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), file() + ":3: unknown key 'threds' in [server]");
  c = load("\n[sever]\nthreads = 2\n");
  EXPECT_EQ(c.status().message(), file() + ":2: unknown section [sever]");
}

TEST_F(ConfigTest, WrongTypeAndBadValueNameFileAndLine) {
  auto c = load("[server]\n\nthreads = \"two\"\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), file() + ":3: server.threads must be an integer");
  c = load("[server]\nthreads = 0\n");
  EXPECT_EQ(c.status().message(), file() + ":2: server.threads must be between 1 and 256");
  c = load("[server]\nlisten = \"localhost\"\n");
  EXPECT_EQ(c.status().message(), file() + ":2: server.listen must be HOST:PORT");
  c = load("[log]\nlevel = \"loud\"\n");
  EXPECT_NE(c.status().message().find(":2: log.level must be one of"), std::string::npos);
  c = load("[database]\ncache_mb = 0\n");
  EXPECT_EQ(c.status().message(), file() + ":2: database.cache_mb must be between 1 and 65536");
  c = load("[site]\nurl = \"example.org\"\n");
  EXPECT_EQ(c.status().message(), file() + ":2: site.url must start with http:// or https://");
}

TEST_F(ConfigTest, BadEnvironmentValueNamesTheVariable) {
  auto c = load("", {{"QALAM_SERVER_THREADS", "many"}});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "environment QALAM_SERVER_THREADS: must be an integer, not 'many'");
}

TEST_F(ConfigTest, SyntaxErrorNamesLineAndColumn) {
  auto c = load("[server]\nthreads = = 2\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind(file() + ":2:", 0), 0u) << c.status().message();
}

TEST_F(ConfigTest, MissingFileSaysHowToCreateASite) {
  auto c = load_config(dir_ / "nowhere", [](const std::string&) { return std::nullopt; });
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("qalam init"), std::string::npos);
}

}  // namespace
}  // namespace qalam::app
